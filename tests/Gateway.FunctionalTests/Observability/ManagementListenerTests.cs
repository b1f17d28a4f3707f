using System.Net;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.Observability;

/// <summary>Management endpoints on their own listener (Gateway:ManagementUrls), and not on the proxy's port.</summary>
public sealed class ManagementListenerTests : IAsyncLifetime
{
    private readonly int _managementPort = RedisServer.FreePort();
    private Backend? _backend;
    private GatewayInstance? _gateway;

    private Backend Backend => _backend!;

    public async Task InitializeAsync()
    {
        _backend = await Backend.StartAsync();
        var config = TestCallbacks.Config(Backend.Address);
        config["Gateway"]!["ManagementUrls"] = $"http://127.0.0.1:{_managementPort}";
        _gateway = await GatewayInstance.StartAsync(config);
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await Backend.DisposeAsync();
    }

    private HttpClient Management() => new() { BaseAddress = new Uri($"http://127.0.0.1:{_managementPort}") };

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task ManagementPath_OnManagementPort_Answered(string path)
    {
        using var management = Management();
        var response = await management.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Backend.Received);
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task ManagementPath_OnProxyPort_ProxiedLikeAnyOtherPath(string path)
    {
        var response = await _gateway!.Client.GetAsync(path);

        Assert.Equal("backend", await response.Content.ReadAsStringAsync());
        Assert.Equal(path, Assert.Single(Backend.Received).PathAndQuery);
    }

    [Fact]
    public async Task ManagementPath_OnProxyPortWithForgedHost_StillProxied()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Host = $"127.0.0.1:{_managementPort}";

        var response = await _gateway!.Client.SendAsync(request);

        Assert.Equal("backend", await response.Content.ReadAsStringAsync());
        Assert.Single(Backend.Received);
    }

    [Fact]
    public async Task ProxiedPath_OnManagementPort_NotFoundAndNotForwarded()
    {
        using var management = Management();
        var response = await management.GetAsync("/orders/1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(Backend.Received);
    }

    [Theory]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("not a url")]
    [InlineData("http://127.0.0.1:9091/metrics")]
    public async Task ManagementUrls_WithoutAPortOfItsOwn_StartupFailsNamingTheSetting(string urls)
    {
        var config = TestCallbacks.Config(Backend.Address);
        config["Gateway"]!["ManagementUrls"] = urls;

        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayInstance.StartAsync(config));

        Assert.Contains("Gateway:ManagementUrls", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoManagementUrls_ManagementPathsOnProxyPort()
    {
        await using var gateway = await GatewayInstance.StartAsync(TestCallbacks.Config(Backend.Address));

        var response = await gateway.Client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Backend.Received);
    }
}
