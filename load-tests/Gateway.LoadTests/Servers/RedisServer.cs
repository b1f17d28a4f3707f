using System.Globalization;
using StackExchange.Redis;

namespace Gateway.LoadTests.Servers;

/// <summary>
/// A redis-server of this run's own, without persistence (the keys only live for the run), and a connection of the
/// tool's to read what the gateway's keys cost.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly ConnectionMultiplexer _connection;

    private RedisServer(ChildProcess process, ConnectionMultiplexer connection, int port)
    {
        _process = process;
        _connection = connection;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public TimeSpan CpuTime => ProcessStats.CpuTime(_process.Id);

    public static async Task<RedisServer> StartAsync(WorkDirectory directory, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var process = ChildProcess.Start(
            Executables.Require("redis-server"),
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.Path],
            directory.File("redis.log"));
        try
        {
            await FreePort.WaitForListenerAsync(port, process, "redis-server", cancellationToken);
            var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},allowAdmin=true");
            return new RedisServer(process, connection, port);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>INFO memory's <c>used_memory</c>: every byte Redis holds, keys and its own structures.</summary>
    public async Task<long> UsedMemoryAsync()
    {
        var info = await Server.InfoAsync("memory");
        var usedMemory = info.SelectMany(group => group).First(pair => pair.Key == "used_memory").Value;
        return long.Parse(usedMemory, CultureInfo.InvariantCulture);
    }

    public Task<long> KeyCountAsync() => Server.DatabaseSizeAsync();

    /// <summary>MEMORY USAGE of up to <paramref name="sampleSize"/> keys matching <paramref name="pattern"/> (found with SCAN).</summary>
    public async Task<IReadOnlyList<long>> SampleKeyMemoryAsync(string pattern, int sampleSize)
    {
        var database = _connection.GetDatabase();
        var sizes = new List<long>();
        await foreach (var key in Server.KeysAsync(pattern: pattern, pageSize: 1000))
        {
            var usage = await database.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0");
            sizes.Add((long)usage);
            if (sizes.Count == sampleSize)
            {
                break;
            }
        }

        return sizes;
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _process.DisposeAsync();
    }

    private IServer Server => _connection.GetServer(_connection.GetEndPoints()[0]);
}
