namespace Gateway.LoadTests.Servers;

/// <summary>
/// One nginx, configured by the caller's <c>http</c> block, with one worker (two cores are shared by every process of a
/// run), in the foreground so this tool owns it, everything it writes inside the run's directory.
/// </summary>
internal sealed class NginxServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private NginxServer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>The master and its worker.</summary>
    public TimeSpan CpuTime => ProcessStats.CpuTimeWithChildren(_process.Id);

    /// <summary>Starts nginx with <paramref name="httpBlock"/> as the inside of its <c>http</c> block (servers, upstreams, maps); <paramref name="name"/> names its config, pid and log files.</summary>
    public static async Task<NginxServer> StartAsync(string name, int port, string httpBlock, WorkDirectory directory, CancellationToken cancellationToken)
    {
        var temp = Directory.CreateDirectory(directory.File($"{name}-temp")).FullName;
        var config = directory.File($"{name}.conf");
        await File.WriteAllTextAsync(config, $$"""
            worker_processes 1;
            daemon off;
            pid {{directory.File($"{name}.pid")}};
            error_log {{directory.File($"{name}-error.log")}} warn;
            events { worker_connections 4096; }
            http {
              client_body_temp_path {{temp}}; proxy_temp_path {{temp}}; fastcgi_temp_path {{temp}};
              uwsgi_temp_path {{temp}}; scgi_temp_path {{temp}};
              keepalive_requests 1000000;
              access_log off;
            {{httpBlock}}
            }
            """, cancellationToken);

        var process = ChildProcess.Start(
            Executables.Require("nginx"),
            ["-c", config, "-p", directory.Path, "-e", directory.File($"{name}-error.log")],
            directory.File($"{name}.log"));
        var server = new NginxServer(process, port);
        try
        {
            await FreePort.WaitForListenerAsync(port, process, $"nginx ({name})", cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
