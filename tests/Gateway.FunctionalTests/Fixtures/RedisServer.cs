using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Tests.Fixtures;

/// <summary>
/// A real redis-server on a free loopback port, started for the tests and stopped after them. Fails (never skips) when
/// redis-server is not installed: the README's test command installs it.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly string? _dataDirectory;
    private Process? _process;

    public RedisServer()
        : this(durable: false)
    {
    }

    /// <summary>(Not public: xunit needs a collection fixture to have one public constructor.) A durable server writes every change to its append-only file before answering, so a killed server restarts with its data, as production Redis with persistence does. A <paramref name="port"/> given places the server where a gateway already expects it.</summary>
    internal RedisServer(bool durable = false, int? port = null)
    {
        if (durable)
        {
            _dataDirectory = Directory.CreateTempSubdirectory("gateway-redis-").FullName;
        }

        Port = port ?? FreePort();
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public Task InitializeAsync() => StartAsync();

    public Task DisposeAsync()
    {
        Stop();
        if (_dataDirectory is not null)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }

    public async Task StartAsync()
    {
        var executable = FindExecutable("redis-server")
            ?? throw new InvalidOperationException("redis-server is not installed; run the README's test command (scripts/test.sh), which installs it.");
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in _dataDirectory is null
            ? ["--appendonly", "no"]
            : new[] { "--dir", _dataDirectory, "--appendonly", "yes", "--appendfsync", "always" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (await PingAsync())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"redis-server did not answer on port {Port} within 10 s.");
    }

    /// <summary>Kills the server, as a crash or network loss would.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            return read > 0 && buffer[0] == (byte)'+';
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string? FindExecutable(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator)
            .Concat(["/usr/bin", "/usr/sbin", "/usr/local/bin"])
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}

[CollectionDefinition(Name)]
public sealed class RedisGroup : ICollectionFixture<RedisServer>
{
    public const string Name = "redis";
}
