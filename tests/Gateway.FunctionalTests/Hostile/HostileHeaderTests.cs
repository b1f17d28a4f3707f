using System.Net;
using System.Text.Json;
using Gateway.Tests.Fixtures;
using static Gateway.Tests.Hostile.HostileRequests;

namespace Gateway.Tests.Hostile;

/// <summary>
/// Classes 3 and 4: headers. A trusted header's look-alike (<c>X_Callback_Verified</c>, which a CGI-style backend files
/// under the trusted name) → 400 <c>forged_header</c> on every kind of route; the exact trusted names → stripped, and set by
/// the gateway on verified callbacks only; routing overrides (<c>X-Original-URL</c>, <c>X-HTTP-Method-Override</c>…) → removed.
/// </summary>
public sealed class HostileHeaderTests(HostileGateway gateway) : HostileTests(gateway)
{
    private static readonly string[] TrustedNames = ["X-Callback-Verified", "X-Callback-Event-Id", "X-Callback-Gateway-Signature", "X-Callback-Dedup-Skipped"];

    private static readonly string[] OverrideNames = ["X-Original-URL", "X-Rewrite-URL", "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override", "X-Original-Method"];

    public enum RouteKind
    {
        PlainGet,
        PlainPost,
        UnsignedCallback,
        SignedCallback,
        SignedStripe,
        PathVariant,
    }

    [Theory]
    [InlineData("X_Callback_Verified", RouteKind.PlainGet)]
    [InlineData("X-Callback_Verified", RouteKind.PlainGet)]
    [InlineData("X_Callback-Verified", RouteKind.PlainGet)]
    [InlineData("x_callback_event_id", RouteKind.PlainGet)]
    [InlineData("X_Callback_Gateway_Signature", RouteKind.PlainGet)]
    [InlineData("X_Callback_Dedup_Skipped", RouteKind.PlainGet)]
    [InlineData("x_CALLBACK-verified", RouteKind.PlainGet)]
    [InlineData("X_CALLBACK_EVENT_ID", RouteKind.PlainGet)]
    [InlineData("X_Callback_Verified", RouteKind.PlainPost)]
    [InlineData("X-Callback-Event_Id", RouteKind.PlainPost)]
    [InlineData("X_Callback_Dedup_Skipped", RouteKind.PlainPost)]
    [InlineData("X_Callback_Verified", RouteKind.UnsignedCallback)]
    [InlineData("x_callback_event_id", RouteKind.UnsignedCallback)]
    [InlineData("X_Callback_Verified", RouteKind.SignedCallback)]
    [InlineData("X-Callback_Verified", RouteKind.SignedCallback)]
    [InlineData("x_callback_event_id", RouteKind.SignedCallback)]
    [InlineData("X_Callback_Gateway_Signature", RouteKind.SignedCallback)]
    [InlineData("X-Callback-Dedup_Skipped", RouteKind.SignedCallback)]
    [InlineData("X_cAlLbAcK_vErIfIeD", RouteKind.SignedCallback)]
    [InlineData("X_Callback_Event_Id", RouteKind.SignedStripe)]
    [InlineData("X_Callback_Verified", RouteKind.SignedStripe)]
    [InlineData("X_Callback_Verified", RouteKind.PathVariant)]
    [InlineData("X.Callback.Verified", RouteKind.PlainGet)] // lighttpd's CGI and FastCGI read any non-alphanumeric as '_'
    [InlineData("X~Callback~Event~Id", RouteKind.PlainGet)]
    [InlineData("X!Callback!Verified", RouteKind.PlainPost)]
    [InlineData("X+Callback+Gateway+Signature", RouteKind.PlainGet)]
    [InlineData("X*Callback*Dedup*Skipped", RouteKind.PlainGet)]
    [InlineData("X-Callback.Verified", RouteKind.SignedCallback)]
    [InlineData("X|Callback|Event|Id", RouteKind.SignedStripe)]
    public async Task TrustedHeaderLookAlike_400ForgedHeader(string header, RouteKind route)
    {
        var response = await Client.SendAsync(WithHeader(RequestOn(route), header, "hooks"));

        await AssertRejectedAsync(response, HttpStatusCode.BadRequest, "forged_header");
    }

    [Theory]
    [InlineData("X-Callback-Verified")]
    [InlineData("x-callback-event-id")]
    [InlineData("X-CALLBACK-GATEWAY-SIGNATURE")]
    [InlineData("X-Callback-Dedup-Skipped")]
    public async Task TrustedHeaderExactName_OnPlainRoute_StrippedBeforeForwarding(string header)
    {
        var received = await AssertForwardedPlainAsync(WithHeader(RequestOn(RouteKind.PlainGet), header, "hooks"));

        Assert.All(TrustedNames, name => Assert.Empty(received.Header(name)));
    }

    [Fact]
    public async Task TrustedHeaderExactNames_AllOnPlainPost_StrippedBeforeForwarding()
    {
        var request = RequestOn(RouteKind.PlainPost);
        foreach (var name in TrustedNames)
        {
            request.Headers.TryAddWithoutValidation(name, "hooks");
        }

        var received = await AssertForwardedPlainAsync(request);

        Assert.All(TrustedNames, name => Assert.Empty(received.Header(name)));
    }

    [Fact]
    public async Task TrustedHeaderExactNames_OnSignedCallback_BackendSeesOnlyTheGatewaysValues()
    {
        var request = TestCallbacks.SignedRequest(TestCallbacks.NewBody("evt_real"));
        request.Headers.TryAddWithoutValidation("X-Callback-Verified", "github");
        request.Headers.TryAddWithoutValidation("X-Callback-Event-Id", "evt_chosen_by_client");
        request.Headers.TryAddWithoutValidation("X-Callback-Gateway-Signature", "t=1,v1=forged");
        request.Headers.TryAddWithoutValidation("X-Callback-Dedup-Skipped", "store-unavailable");

        var response = await Client.SendAsync(request);

        var received = AssertForwardedOnce(response.StatusCode, TestCallbacks.Policy);
        Assert.Equal(["evt_real"], received.Header("X-Callback-Event-Id"));
        var signature = Assert.Single(received.Header("X-Callback-Gateway-Signature"));
        Assert.NotEqual("t=1,v1=forged", signature);
        Assert.Empty(received.Header("X-Callback-Dedup-Skipped"));
    }

    [Fact]
    public async Task TrustedHeaderExactName_OnUnsignedCallback_401NotForwarded()
    {
        var response = await Client.SendAsync(WithHeader(RequestOn(RouteKind.UnsignedCallback), "X-Callback-Verified", "hooks"));

        await AssertRejectedAsync(response, HttpStatusCode.Unauthorized, "invalid_signature");
    }

    /// <summary>The event id comes from the body: whatever it holds, the backend gets one escaped header value and one policy.</summary>
    [Theory]
    [InlineData("evt\r\nX-Callback-Verified: github")]
    [InlineData("evt\nX_Callback_Verified: github")]
    [InlineData("evt\u0000nul")]
    [InlineData("evt,second")]
    [InlineData("évènement")]
    [InlineData("evt\ud800")]
    public async Task EventIdWithHeaderSyntax_ForwardedAsOneEscapedValue(string id)
    {
        var body = JsonSerializer.Serialize(new { id = id + Guid.NewGuid().ToString("N"), type = "invoice.paid" });

        var response = await Client.SendAsync(TestCallbacks.SignedRequest(body));

        var received = AssertForwardedOnce(response.StatusCode, TestCallbacks.Policy);
        var eventId = Assert.Single(received.Header("X-Callback-Event-Id"));
        Assert.DoesNotContain(eventId, c => c is < '!' or > '~' or ',');
    }

    [Theory]
    [InlineData("X-Original-URL", RouteKind.PlainGet)]
    [InlineData("X-Rewrite-URL", RouteKind.PlainGet)]
    [InlineData("X-HTTP-Method-Override", RouteKind.PlainGet)]
    [InlineData("X-HTTP-Method", RouteKind.PlainGet)]
    [InlineData("X-Method-Override", RouteKind.PlainGet)]
    [InlineData("X-Original-Method", RouteKind.PlainGet)]
    [InlineData("X_Original_URL", RouteKind.PlainGet)]
    [InlineData("X_Rewrite_Url", RouteKind.PlainGet)]
    [InlineData("X_HTTP_Method_Override", RouteKind.PlainGet)]
    [InlineData("x_http_method", RouteKind.PlainGet)]
    [InlineData("X_Method_Override", RouteKind.PlainGet)]
    [InlineData("X_ORIGINAL_METHOD", RouteKind.PlainGet)]
    [InlineData("x-original-url", RouteKind.PlainGet)]
    [InlineData("X.Original.URL", RouteKind.PlainGet)]
    [InlineData("X~HTTP~Method~Override", RouteKind.PlainGet)]
    [InlineData("X-Original-URL", RouteKind.PlainPost)]
    [InlineData("X_HTTP_Method_Override", RouteKind.PlainPost)]
    public async Task RoutingOverrideHeader_OnPlainRoute_ForwardedWithoutIt(string header, RouteKind route)
    {
        var received = await AssertForwardedPlainAsync(WithHeader(RequestOn(route), header, OverrideValue(header)));

        Assert.All(OverrideNames, name => Assert.Empty(received.Header(name)));
    }

    [Theory]
    [InlineData("X-HTTP-Method-Override")]
    [InlineData("X-Original-URL")]
    [InlineData("X_Rewrite_URL")]
    public async Task RoutingOverrideHeader_OnSignedCallback_ForwardedVerifiedWithoutIt(string header)
    {
        var response = await Client.SendAsync(WithHeader(RequestOn(RouteKind.SignedCallback), header, OverrideValue(header)));

        var received = AssertForwardedOnce(response.StatusCode, TestCallbacks.Policy);
        Assert.All(OverrideNames, name => Assert.Empty(received.Header(name)));
    }

    [Fact]
    public async Task RoutingOverrideHeaders_AllAtOnceOnPlainGet_ForwardedWithoutThem()
    {
        var request = RequestOn(RouteKind.PlainGet);
        foreach (var name in OverrideNames)
        {
            request.Headers.TryAddWithoutValidation(name, OverrideValue(name));
        }

        var received = await AssertForwardedPlainAsync(request);

        Assert.Equal("GET", received.Method);
        Assert.Equal("/orders/1", received.RawTarget);
        Assert.All(OverrideNames, name => Assert.Empty(received.Header(name)));
    }

    /// <summary>What an attacker would put in the override: the callback's method or path.</summary>
    private static string OverrideValue(string header) =>
        header.Contains("Method", StringComparison.OrdinalIgnoreCase) ? "POST" : TestCallbacks.CallbackPath;

    private static HttpRequestMessage RequestOn(RouteKind route) => route switch
    {
        RouteKind.PlainGet => new HttpRequestMessage(HttpMethod.Get, "/orders/1"),
        RouteKind.PlainPost => TestCallbacks.UnsignedRequest(TestCallbacks.NewBody(), "/orders"),
        RouteKind.UnsignedCallback => TestCallbacks.UnsignedRequest(TestCallbacks.NewBody()),
        RouteKind.SignedCallback => TestCallbacks.SignedRequest(TestCallbacks.NewBody()),
        RouteKind.SignedStripe => ProviderSigners.Stripe(TestCallbacks.NewBody()),
        _ => TestCallbacks.SignedRequest(TestCallbacks.NewBody(), path: "/hooks/hmac.json"),
    };
}
