using System.Text.Json.Nodes;

namespace Gateway.Tests.Fixtures;

/// <summary>
/// A real gateway on the shared Redis in front of a real backend, with the callback routes a test class adds: the set-up of
/// the providers' end-to-end tests.
/// </summary>
public abstract class ProviderGatewayTests(RedisServer redis) : IAsyncLifetime
{
    private Backend? _backend;
    private GatewayInstance? _gateway;

    protected Backend Backend => _backend!;

    protected HttpClient Client => _gateway!.Client;

    public async Task InitializeAsync()
    {
        _backend = await Backend.StartAsync();
        _gateway = await GatewayInstance.StartAsync(WithRoutes(TestCallbacks.Config(Backend.Address, redis.ConnectionString)));
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await Backend.DisposeAsync();
    }

    /// <summary>Adds the class's callback routes and policies to the base configuration.</summary>
    protected abstract JsonObject WithRoutes(JsonObject config);
}
