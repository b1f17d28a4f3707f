using System.Net;
using System.Text.Json.Nodes;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.TrustedHeaders;

/// <summary>The trusted headers under configured names, and against a route transform that tries to set them.</summary>
public sealed class TrustedHeadersTests : IAsyncLifetime
{
    private Backend? _backend;
    private GatewayInstance? _gateway;

    private Backend Backend => _backend!;

    public async Task InitializeAsync()
    {
        _backend = await Backend.StartAsync();
        var config = TestCallbacks.Config(Backend.Address);
        config["Gateway"]!["TrustedHeaders"] = new JsonObject { ["Verified"] = "X-Shop-Verified", ["EventId"] = "X-Shop-Event" };
        config["ReverseProxy"]!["Routes"]!["rest"]!["Transforms"] = new JsonArray(
            new JsonObject { ["RequestHeader"] = "X-Shop-Verified", ["Set"] = "set-by-a-route-transform" });
        _gateway = await GatewayInstance.StartAsync(config);
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await Backend.DisposeAsync();
    }

    [Fact]
    public async Task Callback_ConfiguredHeaderNames_AreTheOnesSet()
    {
        var response = await _gateway!.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody("evt_named")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Backend.Received);
        Assert.Equal(TestCallbacks.Policy, received.Headers["X-Shop-Verified"]);
        Assert.Equal("evt_named", received.Headers["X-Shop-Event"]);
        Assert.False(received.Headers.ContainsKey("X-Callback-Verified"));
    }

    [Fact]
    public async Task PlainRoute_ClientAndRouteTransformSetTrustedHeader_NeitherReachesBackend()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/orders/7");
        request.Headers.Add("X-Shop-Event", "evt_forged");

        await _gateway!.Client.SendAsync(request);

        var received = Assert.Single(Backend.Received);
        Assert.False(received.Headers.ContainsKey("X-Shop-Verified"));
        Assert.False(received.Headers.ContainsKey("X-Shop-Event"));
    }
}
