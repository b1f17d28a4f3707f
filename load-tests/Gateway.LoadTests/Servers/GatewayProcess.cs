using System.Globalization;

namespace Gateway.LoadTests.Servers;

/// <summary>
/// One gateway process, as operators run it: <c>dotnet Gateway.dll --config … --urls …</c>, built in the tool's
/// configuration, with the Redis store when a connection string is given and the in-memory store otherwise.
/// <c>/metrics</c> is on the proxy's port (no management listener is configured).
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly HttpClient _client = LoopbackHttp.CreateClient(maxConnections: 2);

    private GatewayProcess(ChildProcess process, int port)
    {
        _process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _client.BaseAddress = BaseAddress;
    }

    public Uri BaseAddress { get; }

    public TimeSpan CpuTime => ProcessStats.CpuTime(_process.Id);

    public long ResidentBytes => ProcessStats.ResidentBytes(_process.Id);

    public static async Task<GatewayProcess> StartAsync(
        string name, RepositoryLayout layout, WorkDirectory directory, BackendNginx backend, RedisServer? redis, CancellationToken cancellationToken)
    {
        if (!File.Exists(layout.GatewayAssembly))
        {
            throw new InvalidOperationException($"{layout.GatewayAssembly} is missing: build the tool with its project references (dotnet run -c Release --project load-tests/Gateway.LoadTests).");
        }

        var port = FreePort.Next();
        List<string> arguments =
        [
            layout.GatewayAssembly,
            "--config", GatewayConfig.Write(directory, name, backend),
            "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
        ];
        if (layout.GatewayBuild is null)
        {
            // Nothing balances load in front of it: stop at once. (Builds before the setting existed would refuse it.)
            arguments.Add("--Gateway:ShutdownDelay=00:00:00");
        }

        if (redis is not null)
        {
            arguments.Add($"--ConnectionStrings:Redis={redis.ConnectionString}");
        }

        var gateway = new GatewayProcess(ChildProcess.Start("dotnet", arguments, directory.File($"{name}.log")), port);
        try
        {
            await gateway.WaitUntilReadyAsync(name, cancellationToken);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    public async Task<GatewayMetrics> ReadMetricsAsync(CancellationToken cancellationToken) =>
        GatewayMetrics.Parse(await _client.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancellationToken));

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _process.DisposeAsync();
    }

    /// <summary><c>/readyz</c> answers 200 once the configuration is loaded and the dedup store answers (Redis connects in the background).</summary>
    private async Task WaitUntilReadyAsync(string name, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var response = await _client.GetAsync(new Uri("/readyz", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new InvalidOperationException($"The gateway {name} did not become ready. Its log:{Environment.NewLine}{_process.LogTail()}");
    }
}
