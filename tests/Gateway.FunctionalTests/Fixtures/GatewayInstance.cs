using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Deduplication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Fixtures;

/// <summary>The real gateway (Program.Build, real Kestrel on 127.0.0.1) started from a config file the test writes.</summary>
public sealed class GatewayInstance : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayInstance(WebApplication app, string configPath, HttpClient client)
    {
        _app = app;
        ConfigPath = configPath;
        Client = client;
    }

    public string ConfigPath { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<GatewayInstance> StartAsync(JsonObject config, params string[] extraArgs) =>
        StartAsync(config, static _ => { }, extraArgs);

    /// <summary>The same, with <paramref name="configureServices"/> run after the gateway's own services (an in-memory span exporter).</summary>
    public static async Task<GatewayInstance> StartAsync(JsonObject config, Action<IServiceCollection> configureServices, params string[] extraArgs)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gateway-test-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        // No shutdown delay (there is no load balancer to wait for); a test of the delay passes its own, which comes later and wins.
        string[] args = ["--config", path, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Gateway:ShutdownDelay=00:00:00", .. extraArgs];
        var app = Program.Build(args, configureServices);
        await app.StartAsync();

        // Redis connects in the background (requests get 503 meanwhile, by design); a test that starts a gateway in front
        // of a running Redis waits for that connection, one whose Redis is down goes on after a short while.
        var store = app.Services.GetRequiredService<IDedupStore>();
        for (var i = 0; i < 100 && !await store.IsAvailableAsync(CancellationToken.None); i++)
        {
            await Task.Delay(20);
        }
        // The proxy's listener comes first; a management listener (Gateway:ManagementUrls) follows it.
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        return new GatewayInstance(app, path, client);
    }

    /// <summary>Stops the gateway as the host does on SIGTERM (the test's own process cannot be sent one).</summary>
    public Task StopAsync() => _app.StopAsync();

    /// <summary>Rewrites the config file, as an operator would.</summary>
    public Task RewriteConfigAsync(string text) => File.WriteAllTextAsync(ConfigPath, text);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        File.Delete(ConfigPath);
    }
}
