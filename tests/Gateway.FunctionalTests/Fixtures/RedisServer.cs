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
    private readonly IReadOnlyList<string> _arguments;
    private Process? _process;

    public RedisServer()
        : this(durable: false)
    {
    }

    /// <summary>(Not public: xunit needs a collection fixture to have one public constructor.) A durable server writes every change to its append-only file before answering, so a killed server restarts with its data, as production Redis with persistence does. A <paramref name="port"/> given places the server where a gateway already expects it.</summary>
    internal RedisServer(bool durable = false, int? port = null, IReadOnlyList<string>? arguments = null)
    {
        if (durable)
        {
            _dataDirectory = Directory.CreateTempSubdirectory("gateway-redis-").FullName;
        }

        Port = port ?? FreePort();
        _arguments = arguments ?? [];
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>The address as the cluster and the sentinels name it.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

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
        var start = new ProcessStartInfo(executable);

        // A configuration file (a sentinel's) must come first; the options after it override it.
        foreach (var file in _arguments.TakeWhile(a => a.EndsWith(".conf", StringComparison.Ordinal)))
        {
            start.ArgumentList.Add(file);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in _dataDirectory is null
            ? ["--appendonly", "no"]
            : new[] { "--dir", _dataDirectory, "--appendonly", "yes", "--appendfsync", "always" })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in _arguments.SkipWhile(a => a.EndsWith(".conf", StringComparison.Ordinal)))
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

    /// <summary>Sends <c>redis-cli</c> a command for this server and returns what it printed (for cluster and sentinel set-up).</summary>
    internal async Task<string> CliAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(FindExecutable("redis-cli") ?? throw new InvalidOperationException("redis-cli is not installed; run scripts/test.sh."))
        {
            ArgumentList = { "-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return await output + await error;
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
