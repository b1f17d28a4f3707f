using Gateway.Tests.Fixtures;

namespace Gateway.Tests.Hostile;

/// <summary>
/// The real gateway (Program.Build on Kestrel, in-memory dedup store) with a callback route per scheme (Hmac with a
/// timestamp at <c>/hooks/hmac</c>, and GitHub, Stripe, Standard Webhooks, Ixopay, CryptoCloud, Crypto2B, Spell under
/// <c>/callbacks/…</c>) and a plain <c>{**catch-all}</c> route to the same <see cref="CgiBackend"/>: the realistic setup in
/// which side doors exist. One per test class. Every request goes on its own connection (<c>Connection: close</c>), so a
/// connection the gateway drops after one hostile request (a 413 leaves the body unread) cannot fail the next case.
/// </summary>
public sealed class HostileGateway : IAsyncLifetime, IDisposable
{
    private CgiBackend? _backend;
    private GatewayInstance? _gateway;
    private HttpClient? _client;

    public CgiBackend Backend => _backend!;

    public HttpClient Client => _client!;

    public int Port => Client.BaseAddress!.Port;

    public async Task InitializeAsync()
    {
        _backend = await CgiBackend.StartAsync();
        _gateway = await GatewayInstance.StartAsync(TestCallbacks.Config(Backend.Address).WithProviderRoutes());
        _client = new HttpClient { BaseAddress = _gateway.Client.BaseAddress };
        _client.DefaultRequestHeaders.ConnectionClose = true;
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await Backend.DisposeAsync();
    }

    public void Dispose() => _client?.Dispose();
}
