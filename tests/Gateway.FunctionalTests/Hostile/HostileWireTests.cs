using System.Net;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.Hostile;

/// <summary>
/// Classes 5 and 6, over a raw TCP connection: protocol upgrades on callback paths → 400 <c>upgrade_refused</c> (a tunnel
/// would carry unverified bytes); conflicting or broken framing → Kestrel's own 400 before the gateway runs, or parsed
/// safely; a request smuggled behind another → parsed as its own request and guarded like any other.
/// </summary>
public sealed class HostileWireTests(HostileGateway gateway) : HostileTests(gateway)
{
    private const string WebSocket = "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    private const string H2c = "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n";
    private const string Json = "Content-Type: application/json\r\n";

    [Theory]
    [InlineData("GET", TestCallbacks.CallbackPath, false, "Connection: Upgrade, close\r\n" + WebSocket)]
    [InlineData("GET", TestCallbacks.CallbackPath, true, "Connection: Upgrade, close\r\n" + WebSocket)]
    [InlineData("POST", TestCallbacks.CallbackPath, false, "Connection: Upgrade, close\r\n" + WebSocket)]
    [InlineData("POST", TestCallbacks.CallbackPath, true, "Connection: Upgrade, close\r\n" + WebSocket)]
    [InlineData("POST", TestCallbacks.CallbackPath, true, "Connection: Upgrade, HTTP2-Settings, close\r\n" + H2c)]
    [InlineData("GET", TestCallbacks.CallbackPath, false, "Connection: Upgrade, HTTP2-Settings, close\r\n" + H2c)]
    [InlineData("POST", TestCallbacks.CallbackPath, true, "Connection: close\r\nUpgrade: websocket\r\n")]
    [InlineData("GET", "//hooks/hmac", false, "Connection: Upgrade, close\r\n" + WebSocket)]
    [InlineData("GET", "/HOOKS/HMAC", false, "Connection: Upgrade, close\r\n" + WebSocket)]
    [InlineData("POST", "/hooks/hmac.json", true, "Connection: Upgrade, close\r\n" + WebSocket)]
    [InlineData("GET", ProviderSigners.GitHubPath, false, "Connection: Upgrade, close\r\n" + WebSocket)]
    [InlineData("POST", ProviderSigners.StripePath, false, "Connection: Upgrade, close\r\nUpgrade: TLS/1.2\r\n")]
    public async Task Upgrade_OnCallbackPath_400UpgradeRefused(string method, string path, bool withSignature, string headers)
    {
        var body = TestCallbacks.NewBody();
        var request = await RawHttp.FormatAsync(withSignature ? TestCallbacks.SignedRequest(body) : TestCallbacks.UnsignedRequest(body), method, path, headers, close: false);

        AssertRejected(await RawAsync(request), HttpStatusCode.BadRequest, "upgrade_refused");
    }

    /// <summary>
    /// One connection's bytes; <paramref name="answers"/> is every response in order as <c>status</c> or
    /// <c>status:title</c> (a bare status is Kestrel's own, without problem details), <paramref name="forwarded"/> the raw
    /// targets the backend saw, in order.
    /// </summary>
    [Theory]
    [InlineData("Content-Length and Transfer-Encoding on a callback", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n8\r\n{\"id\":1}\r\n0\r\n\r\n", "401:invalid_signature", "")]
    [InlineData("Content-Length and Transfer-Encoding hiding a request", "POST /orders HTTP/1.1\r\nHost: g\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nPOST /hooks/hmac HTTP/1.1\r\nHost: g\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", "200", "/orders")]
    [InlineData("two differing Content-Length", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Content-Length: 2\r\nContent-Length: 20\r\nConnection: close\r\n\r\n{}", "400", "")]
    [InlineData("the same Content-Length twice", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Content-Length: 2\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", "400", "")]
    [InlineData("a Content-Length list", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Content-Length: 2, 2\r\nConnection: close\r\n\r\n{}", "400", "")]
    [InlineData("negative Content-Length", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Content-Length: -2\r\nConnection: close\r\n\r\n{}", "400", "")]
    [InlineData("Content-Length with a plus sign (Kestrel reads +2 as 2)", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Content-Length: +2\r\nConnection: close\r\n\r\n{}", "401:invalid_signature", "")]
    [InlineData("Content-Length with a plus sign on a plain route", "POST /orders HTTP/1.1\r\nHost: g\r\nContent-Length: +5\r\n\r\nhelloGET /hooks/hmac HTTP/1.1\r\nHost: g\r\nConnection: close\r\n\r\n", "200,405:method_not_allowed", "/orders")]
    [InlineData("Content-Length not a number", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Content-Length: 0x2\r\nConnection: close\r\n\r\n{}", "400", "")]
    [InlineData("Transfer-Encoding chunked, identity", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Transfer-Encoding: chunked, identity\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n", "400", "")]
    [InlineData("Transfer-Encoding identity", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Transfer-Encoding: identity\r\nConnection: close\r\n\r\n{}", "400", "")]
    [InlineData("Transfer-Encoding xchunked", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Transfer-Encoding: xchunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n", "400", "")]
    [InlineData("Transfer-Encoding CHUNKED", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Transfer-Encoding: CHUNKED\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n", "401:invalid_signature", "")]
    [InlineData("chunk size not hex", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", "400:malformed", "")]
    [InlineData("chunk size overflowing", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nfffffffffffffffff2\r\n{}\r\n0\r\n\r\n", "400:malformed", "")]
    [InlineData("chunk size negative", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n-2\r\n{}\r\n0\r\n\r\n", "400:malformed", "")]
    [InlineData("chunk size 0x-prefixed", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n0x2\r\n{}\r\n0\r\n\r\n", "400:malformed", "")]
    [InlineData("chunk longer than its size", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n1\r\n{}\r\n0\r\n\r\n", "400:malformed", "")]
    [InlineData("obs-fold header line", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "X-Note: a\r\n b\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", "400", "")]
    [InlineData("obs-fold hiding a look-alike", "GET /orders HTTP/1.1\r\nHost: g\r\nX-Note: a\r\n X_Callback_Verified: hooks\r\nConnection: close\r\n\r\n", "400", "")]
    [InlineData("bare CR in a header", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\nX-Note: a\rX_Callback_Verified: hooks\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", "400", "")]
    [InlineData("NUL in a header value", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\nX-Signature: sha256=\0\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", "400", "")]
    [InlineData("NUL in a header name", "GET /orders HTTP/1.1\r\nHost: g\r\nX-Callback-Verified\0x: hooks\r\nConnection: close\r\n\r\n", "400", "")]
    [InlineData("space before the colon", "GET /orders HTTP/1.1\r\nHost: g\r\nX-Callback-Verified : hooks\r\nConnection: close\r\n\r\n", "400", "")]
    [InlineData("header line without colon", "GET /orders HTTP/1.1\r\nHost: g\r\nX-Callback-Verified hooks\r\nConnection: close\r\n\r\n", "400", "")]
    [InlineData("no Host header", "POST /hooks/hmac HTTP/1.1\r\n" + Json + "Content-Length: 2\r\nConnection: close\r\n\r\n{}", "400", "")]
    [InlineData("two Host headers", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\nHost: h\r\n" + Json + "Content-Length: 2\r\nConnection: close\r\n\r\n{}", "400", "")]
    [InlineData("junk after the version", "POST /hooks/hmac HTTP/1.1 x\r\nHost: g\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", "400", "")]
    [InlineData("Transfer-Encoding in HTTP/1.0 (Kestrel decodes it)", "POST /hooks/hmac HTTP/1.0\r\nHost: g\r\n" + Json + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", "401:invalid_signature", "")]
    [InlineData("body longer than Content-Length, then a callback", "POST /orders HTTP/1.1\r\nHost: g\r\nContent-Length: 5\r\n\r\nhelloPOST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Content-Length: 2\r\nConnection: close\r\n\r\n{}", "200,401:invalid_signature", "/orders")]
    [InlineData("body longer than Content-Length, then another method", "POST /orders HTTP/1.1\r\nHost: g\r\nContent-Length: 5\r\n\r\nhelloGET /hooks/hmac HTTP/1.1\r\nHost: g\r\nConnection: close\r\n\r\n", "200,405:method_not_allowed", "/orders")]
    [InlineData("body longer than Content-Length, then a path variant", "POST /orders HTTP/1.1\r\nHost: g\r\nContent-Length: 5\r\n\r\nhelloPOST //hooks/hmac HTTP/1.1\r\nHost: g\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", "200,404:path_variant", "/orders")]
    [InlineData("body longer than Content-Length, then a look-alike", "POST /orders HTTP/1.1\r\nHost: g\r\nContent-Length: 5\r\n\r\nhelloGET /orders HTTP/1.1\r\nHost: g\r\nX_Callback_Verified: hooks\r\nConnection: close\r\n\r\n", "200,400:forged_header", "/orders")]
    [InlineData("a callback's body longer than Content-Length, then a callback", "POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Content-Length: 2\r\n\r\n{}POST /hooks/hmac HTTP/1.1\r\nHost: g\r\n" + Json + "Content-Length: 2\r\nConnection: close\r\n\r\n{}", "401:invalid_signature,401:invalid_signature", "")]
    [InlineData("a request inside a refused method's body", "PUT /hooks/hmac HTTP/1.1\r\nHost: g\r\nConnection: close\r\nContent-Length: 61\r\n\r\nPOST /orders HTTP/1.1\r\nHost: g\r\nContent-Length: 0\r\nX-A: b\r\n\r\n", "405:method_not_allowed", "")]
    [InlineData("a look-alike as a chunked trailer", "POST /orders HTTP/1.1\r\nHost: g\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\nX_Callback_Verified: hooks\r\n\r\n", "200", "/orders")]
    public async Task Framing_ParsedSafely(string name, string request, string answers, string forwarded)
    {
        var responses = await RawAsync(request);

        Assert.True(
            string.Join(',', responses.Select(r => r.Title is null ? $"{r.Status}" : $"{r.Status}:{r.Title}")) == answers,
            $"{name}: answered {string.Join(',', responses.Select(r => $"{r.Status}:{r.Title}"))}, expected {answers}");
        Assert.Equal(forwarded.Length == 0 ? [] : forwarded.Split(','), Backend.Received.Select(r => r.RawTarget));
        Assert.All(Backend.Received, r => Assert.Empty(r.Header("X-Callback-Verified")));
    }

    /// <summary>Kestrel accepts a bare LF as a line end: such requests are parsed and guarded like any other.</summary>
    [Theory]
    [InlineData("unsigned callback, LF only", false, "POST /hooks/hmac HTTP/1.1\nHost: g\nContent-Type: application/json\n", "401:invalid_signature")]
    [InlineData("unsigned callback, CR LF then LF", false, "POST /hooks/hmac HTTP/1.1\r\nHost: g\nContent-Type: application/json\n", "401:invalid_signature")]
    [InlineData("look-alike after a bare LF", false, "GET /orders HTTP/1.1\nHost: g\nX-Note: a\nX_Callback_Verified: hooks\n", "400:forged_header")]
    [InlineData("signed callback, LF only", true, "POST /hooks/hmac HTTP/1.1\nHost: g\nContent-Type: application/json\n", "200:")]
    public async Task BareLineFeeds_ParsedAndGuarded(string name, bool withSignature, string head, string answer)
    {
        var body = TestCallbacks.NewBody();
        var signed = TestCallbacks.SignedRequest(body);
        var signature = withSignature
            ? $"X-Timestamp: {signed.Headers.GetValues("X-Timestamp").Single()}\nX-Signature: {signed.Headers.GetValues("X-Signature").Single()}\n"
            : string.Empty;
        var request = head + signature + $"Content-Length: {body.Length}\nConnection: close\n\n{body}";

        var response = Assert.Single(await RawAsync(request));

        Assert.True(answer == $"{response.Status}:{response.Title}", $"{name}: answered {response.Status}:{response.Title}");
        Assert.Equal(withSignature ? [TestCallbacks.Policy] : [], Backend.Received.SelectMany(r => r.Header("X-Callback-Verified")));
        Assert.True(withSignature || Backend.Received.IsEmpty);
    }

    [Fact]
    public async Task BodyShorterThanContentLength_ThenEndOfInput_NotForwarded()
    {
        var request = await RawHttp.FormatAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()));
        var truncated = request.Replace("Content-Length: ", "Content-Length: 1", StringComparison.Ordinal);

        var responses = await RawAsync(truncated, endOfInput: true);

        Assert.Empty(responses); // Kestrel drops the request whose body ended early, without an answer
        AssertNothingForwarded();
    }

    [Fact]
    public async Task SignedCallbackSmuggledBehindPlainRequest_ParsedAsItsOwnRequestAndVerified()
    {
        var plain = "POST /orders HTTP/1.1\r\nHost: g\r\nContent-Length: 5\r\n\r\nhello";
        var callback = await RawHttp.FormatAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody("evt_smuggled")));

        var responses = await RawAsync(plain + callback);

        Assert.Equal([200, 200], responses.Select(r => r.Status));
        Assert.Equal(["/orders", TestCallbacks.CallbackPath], Backend.Received.Select(r => r.RawTarget));
        Assert.Equal(["evt_smuggled"], Backend.Received.Last().Header("X-Callback-Event-Id"));
        Assert.Empty(Backend.Received.First().Header("X-Callback-Verified"));
    }

    [Theory]
    [InlineData("a 40 kB header", 431)]
    [InlineData("a 10 kB request line", 414)]
    public async Task OverKestrelsLimits_RefusedByKestrel(string what, int status)
    {
        var request = what.EndsWith("header", StringComparison.Ordinal)
            ? $"POST /hooks/hmac HTTP/1.1\r\nHost: g\r\nX-Signature: {new string('a', 40_000)}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
            : $"POST /hooks/hmac?{new string('a', 10_000)} HTTP/1.1\r\nHost: g\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}";

        var response = Assert.Single(await RawAsync(request));

        Assert.Equal(status, response.Status);
        AssertNothingForwarded();
    }

    /// <summary>
    /// Cleartext HTTP/2 with prior knowledge (where an extended CONNECT could open a tunnel) is refused by Kestrel on an
    /// HTTP/1.1-and-2 endpoint without TLS (HTTP_1_1_REQUIRED), before any request is read.
    /// </summary>
    [Fact]
    public async Task Http2PriorKnowledge_OnCallbackPath_RefusedByKestrel()
    {
        var request = TestCallbacks.SignedRequest(TestCallbacks.NewBody());
        request.Version = HttpVersion.Version20;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;

        await Assert.ThrowsAsync<HttpRequestException>(() => Client.SendAsync(request));

        AssertNothingForwarded();
    }
}
