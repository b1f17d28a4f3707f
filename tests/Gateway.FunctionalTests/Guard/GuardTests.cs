using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Configuration;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.Guard;

/// <summary>The guard in the real gateway, in front of a real backend behind a catch-all route.</summary>
public sealed class GuardTests : IAsyncLifetime
{
    private Backend? _backend;
    private GatewayInstance? _gateway;

    private Backend Backend => _backend!;

    private GatewayInstance Gateway => _gateway!;

    public async Task InitializeAsync()
    {
        _backend = await Backend.StartAsync();
        _gateway = await GatewayInstance.StartAsync(TestCallbacks.Config(Backend.Address));
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Backend.DisposeAsync();
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("OPTIONS")]
    [InlineData("PATCH")]
    [InlineData("HEAD")]
    public async Task OtherMethod_OnCallbackPath_405WithAllowAndNotForwarded(string method)
    {
        var response = await Gateway.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), TestCallbacks.CallbackPath));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("POST", response.Content.Headers.Allow.Single());
        Assert.Empty(Backend.Received);
    }

    [Theory]
    [InlineData("//hooks/hmac")]
    [InlineData("/hooks//hmac")]
    [InlineData("/hooks/hmac;x=1")]
    [InlineData("/hooks;x/hmac")]
    [InlineData("/hooks/hmac%3Bx")]
    [InlineData("/hooks/hmac.")]
    [InlineData("/hooks/hmac%20")]
    [InlineData("/hooks/hmac%09")]
    [InlineData("/hooks/hmac.json")]
    [InlineData("/hooks/hmac//")]
    [InlineData("/hooks/hmac%5C")]
    public async Task SignedPost_OnAnotherFormOfCallbackPath_404AndNotForwarded(string path)
    {
        var request = TestCallbacks.SignedRequest(TestCallbacks.NewBody());
        request.RequestUri = TestCallbacks.RawUri(Gateway.Client, path);

        var response = await Gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("path_variant", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(Backend.Received);
    }

    [Theory]
    [InlineData("/hooks/hmac")]
    [InlineData("/hooks/%68mac")] // Kestrel decodes it, so YARP matches the callback route: verified like any callback
    [InlineData("/HOOKS/HMAC")]
    public async Task SignedPost_MatchingCallbackRoute_VerifiedAndForwarded(string path)
    {
        var request = TestCallbacks.SignedRequest(TestCallbacks.NewBody());
        request.RequestUri = TestCallbacks.RawUri(Gateway.Client, path);

        var response = await Gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Backend.Received);
    }

    [Theory]
    [InlineData("X_Callback_Verified")]
    [InlineData("X-Callback_Verified")]
    [InlineData("x_callback_event_id")]
    [InlineData("X_Callback_Gateway_Signature")]
    [InlineData("X_CALLBACK_DEDUP_SKIPPED")]
    public async Task TrustedHeaderLookAlike_OnPlainRoute_400AndNotForwarded(string header)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/orders/1");
        request.Headers.TryAddWithoutValidation(header, "hooks");

        var response = await Gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("forged_header", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(Backend.Received);
    }

    [Fact]
    public async Task TrustedHeaderLookAlike_NextToVerifiedCallback_400AndNotForwarded()
    {
        var request = TestCallbacks.SignedRequest(TestCallbacks.NewBody());
        request.Headers.TryAddWithoutValidation("X_Callback_Event_Id", "evt_chosen_by_attacker");

        var response = await Gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Backend.Received);
    }

    [Theory]
    [InlineData("X-Original-URL")]
    [InlineData("X-Rewrite-URL")]
    [InlineData("X-HTTP-Method-Override")]
    [InlineData("X_HTTP_Method_Override")]
    [InlineData("X-Method-Override")]
    public async Task RoutingOverrideHeader_OnPlainRoute_StrippedBeforeForwarding(string header)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/orders/1");
        request.Headers.TryAddWithoutValidation(header, "/hooks/hmac");

        var response = await Gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Backend.Received);
        Assert.DoesNotContain(received.Headers.Keys, name => name.Replace('_', '-').Equals(header.Replace('_', '-'), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task WebSocketUpgrade_OnCallbackPath_400AndNotForwarded()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, Gateway.Client.BaseAddress!.Port);
        var stream = tcp.GetStream();
        var request = "GET /hooks/hmac HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer);

        Assert.StartsWith("HTTP/1.1 400", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        Assert.Empty(Backend.Received);
    }

    [Fact]
    public async Task GuardOptOut_OnRoute_OtherMethodsReachBackend()
    {
        await using var gateway = await GatewayInstance.StartAsync(OptedOut(TestCallbacks.Config(Backend.Address)));

        var response = await gateway.Client.GetAsync(TestCallbacks.CallbackPath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Backend.Received);
    }

    [Fact]
    public async Task Rejection_ByDefault_ProblemWithoutDetail()
    {
        var response = await Gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody(), secret: "wrong"));

        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("invalid_signature", (string?)problem["title"]);
        Assert.Null(problem["detail"]);
    }

    [Fact]
    public async Task Rejection_DetailExposed_ProblemSaysWhichCheckFailed()
    {
        var config = TestCallbacks.Config(Backend.Address);
        config[GatewayOptions.SectionName]!["ExposeRejectionDetail"] = true;
        await using var gateway = await GatewayInstance.StartAsync(config);

        var response = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody(), secret: "wrong"));

        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("signature does not match", (string?)problem["detail"]);
    }

    private static JsonObject OptedOut(JsonObject config)
    {
        config["ReverseProxy"]!["Routes"]![TestCallbacks.Policy]!["Metadata"]!["CallbackPathGuard"] = "Off";
        return config;
    }
}
