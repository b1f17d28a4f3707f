using System.Net;
using System.Security.Cryptography;
using Gateway.Tests.Fixtures;
using static Gateway.Tests.Fixtures.ProviderSigners;
using static Gateway.Tests.Hostile.HostileRequests;

namespace Gateway.Tests.Hostile;

/// <summary>
/// Class 8: bodies. CryptoCloud's JWT (only HS256 with the project's key, unexpired, for this invoice), JSON that two
/// parsers could read differently (duplicate keys) or that no parser should have to read (deep nesting, not JSON), and
/// bodies over the policy's <c>MaxBodyBytes</c> → 413 <c>too_large</c>, whether the length is declared or not.
/// </summary>
public sealed class HostileBodyTests(HostileGateway gateway) : HostileTests(gateway)
{

    /// <summary>The Hmac route's MaxBodyBytes (TestCallbacks.Config).</summary>
    private const int HmacMaxBodyBytes = 1024;

    private static readonly HostileCase[] RefusedCases =
    [
        new("cryptocloud: alg none, no signature", Unauthorized, Invalid, () => CryptoCloudToken(header: """{"typ":"JWT","alg":"none"}""", mac: (_, _) => [])),
        new("cryptocloud: alg none with an HS256 signature", Unauthorized, Invalid, () => CryptoCloudToken(header: """{"typ":"JWT","alg":"none"}""")),
        new("cryptocloud: alg None", Unauthorized, Invalid, () => CryptoCloudToken(header: """{"typ":"JWT","alg":"None"}""", mac: (_, _) => [])),
        new("cryptocloud: HS512 with the right key", Unauthorized, Invalid, () => CryptoCloudToken(header: """{"typ":"JWT","alg":"HS512"}""", mac: (key, data) => HMACSHA512.HashData(key, data))),
        new("cryptocloud: HS384 with the right key", Unauthorized, Invalid, () => CryptoCloudToken(header: """{"typ":"JWT","alg":"HS384"}""", mac: (key, data) => HMACSHA384.HashData(key, data))),
        new("cryptocloud: RS256 header, HMAC signature", Unauthorized, Invalid, () => CryptoCloudToken(header: """{"typ":"JWT","alg":"RS256"}""")),
        new("cryptocloud: another secret", Unauthorized, Invalid, () => CryptoCloudToken(secret: "an-attacker-guess-of-the-secret-key-000")),
        new("cryptocloud: token for another invoice", Unauthorized, Invalid, () => CryptoCloud("INV" + Guid.NewGuid().ToString("N"), Jwt(CryptoCloudSecret, CryptoCloudClaims("INV-OTHER")), form: false)),
        new("cryptocloud: token for another invoice, as a form", Unauthorized, Invalid, () => CryptoCloud("INV" + Guid.NewGuid().ToString("N"), Jwt(CryptoCloudSecret, CryptoCloudClaims("INV-OTHER")), form: true)),
        new("cryptocloud: token with an empty id", Unauthorized, Invalid, () => CryptoCloud(string.Empty, Jwt(CryptoCloudSecret, CryptoCloudClaims(string.Empty)), form: false)),
        new("cryptocloud: token without exp", Unauthorized, Invalid, () => CryptoCloudToken(claims: invoice => $$"""{"id":"{{invoice}}"}""")),
        new("cryptocloud: exp not a number", BadRequest, Malformed, () => CryptoCloudToken(claims: invoice => $$"""{"id":"{{invoice}}","exp":"soon"}""")),
        new("cryptocloud: expired ten minutes ago", Unauthorized, Stale, () => CryptoCloudToken(claims: invoice => CryptoCloudClaims(invoice, DateTimeOffset.UtcNow.AddMinutes(-10)))),
        new("cryptocloud: not valid before an hour from now", Unauthorized, Stale, () => CryptoCloudToken(claims: invoice => $$"""{"id":"{{invoice}}","exp":{{DateTimeOffset.UtcNow.AddHours(2).ToUnixTimeSeconds()}},"nbf":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""")),
        new("cryptocloud: no token", Unauthorized, Invalid, () => TestCallbacks.UnsignedRequest("""{"status":"success","invoice_id":"ABC"}""", CryptoCloudPath)),
        new("cryptocloud: token a number", Unauthorized, Invalid, () => TestCallbacks.UnsignedRequest("""{"status":"success","invoice_id":"ABC","token":123}""", CryptoCloudPath)),
        new("cryptocloud: token not a JWT", BadRequest, Malformed, () => TestCallbacks.UnsignedRequest("""{"status":"success","invoice_id":"ABC","token":"not-a-jwt"}""", CryptoCloudPath)),
        new("cryptocloud: invoice_id twice", BadRequest, Malformed, () => CryptoCloudRaw((invoice, token) => $$"""{"invoice_id":"{{invoice}}","invoice_id":"OTHER","token":"{{token}}"}""")),
        new("cryptocloud: token twice", BadRequest, Malformed, () => CryptoCloudRaw((invoice, token) => $$"""{"invoice_id":"{{invoice}}","token":"{{token}}","token":"x"}""")),
        new("cryptocloud: form with invoice_id twice", BadRequest, Malformed, () => CryptoCloudRaw((invoice, token) => $"invoice_id={invoice}&invoice_id=OTHER&token={token}", "application/x-www-form-urlencoded")),
        new("cryptocloud: form with token twice", BadRequest, Malformed, () => CryptoCloudRaw((invoice, token) => $"invoice_id={invoice}&token={token}&token=x", "application/x-www-form-urlencoded")),
        new("cryptocloud: nested 100 deep", BadRequest, Malformed, () => CryptoCloudRaw((invoice, token) => $$"""{"invoice_id":"{{invoice}}","token":"{{token}}","x":{{new string('[', 100)}}{{new string(']', 100)}}}""")),
        new("cryptocloud: not JSON, with a JSON content type", BadRequest, Malformed, () => CryptoCloudRaw((invoice, token) => $"invoice_id={invoice}&token={token}")),
        new("cryptocloud: a JSON array", BadRequest, Malformed, () => CryptoCloudRaw((invoice, token) => $$"""[{"invoice_id":"{{invoice}}","token":"{{token}}"}]""")),
        new("cryptocloud: a lone surrogate in invoice_id", BadRequest, Malformed, () => CryptoCloudRaw((invoice, token) => $$"""{"invoice_id":"{{invoice}}\ud800","token":"{{token}}"}""")),
        new("hmac: signed, nested 100 deep", BadRequest, Malformed, () => TestCallbacks.SignedRequest($$"""{"id":"evt_{{Guid.NewGuid():N}}","x":{{new string('[', 100)}}{{new string(']', 100)}}}""")),
        new("hmac: signed, not JSON, with a JSON content type", BadRequest, Malformed, () => TestCallbacks.SignedRequest("id=evt_1&type=invoice.paid")),
        new("hmac: signed, truncated JSON", BadRequest, Malformed, () => TestCallbacks.SignedRequest("""{"id":"evt_trunc","type":"inv""")),
        new("hmac: signed, no id", BadRequest, Malformed, () => TestCallbacks.SignedRequest("""{"type":"invoice.paid"}""")),
        new("hmac: signed, id null", BadRequest, Malformed, () => TestCallbacks.SignedRequest("""{"id":null}""")),
        new("hmac: signed, id empty", BadRequest, Malformed, () => TestCallbacks.SignedRequest("""{"id":""}""")),
        new("hmac: unsigned, nested 100 deep", Unauthorized, Invalid, () => TestCallbacks.UnsignedRequest($$"""{"id":"evt_deep","x":{{new string('[', 100)}}{{new string(']', 100)}}}""")),
        new("hmac: unsigned, exactly MaxBodyBytes", Unauthorized, Invalid, () => TestCallbacks.UnsignedRequest(Padded(HmacMaxBodyBytes))),
        new("hmac: signed, one byte over MaxBodyBytes", HttpStatusCode.RequestEntityTooLarge, "too_large", () => TestCallbacks.SignedRequest(Padded(HmacMaxBodyBytes + 1))),
        new("hmac: unsigned, far over MaxBodyBytes", HttpStatusCode.RequestEntityTooLarge, "too_large", () => TestCallbacks.UnsignedRequest(Padded(64 * 1024))),
        new("hmac: signed, over MaxBodyBytes, chunked without a length", HttpStatusCode.RequestEntityTooLarge, "too_large", () => Chunked(TestCallbacks.SignedRequest(Padded(HmacMaxBodyBytes + 1)))),
        new("hmac: unsigned, far over MaxBodyBytes, chunked without a length", HttpStatusCode.RequestEntityTooLarge, "too_large", () => Chunked(TestCallbacks.UnsignedRequest(Padded(64 * 1024)))),
        new("cryptocloud: over its 1 MiB default, chunked without a length", HttpStatusCode.RequestEntityTooLarge, "too_large", () => Chunked(TestCallbacks.UnsignedRequest(Padded(2 * 1024 * 1024), CryptoCloudPath))),
        new("github: over its 1 MiB default, by Content-Length", HttpStatusCode.RequestEntityTooLarge, "too_large", () => GitHub(Padded((1024 * 1024) + 1))),
    ];

    private static readonly HostileCase[] AcceptedCases =
    [
        new("cryptocloud: id claim as a number", HttpStatusCode.OK, "cryptocloud", () => CryptoCloudNumericInvoice()),
        new("cryptocloud: exp as numeric text (IdentityModel reads the number)", HttpStatusCode.OK, "cryptocloud", () => CryptoCloudToken(claims: invoice => $$"""{"id":"{{invoice}}","exp":"{{DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds()}}"}""")),
        new("hmac: signed, exactly MaxBodyBytes, chunked", HttpStatusCode.OK, TestCallbacks.Policy, () => Chunked(TestCallbacks.SignedRequest(Padded(HmacMaxBodyBytes)))),
    ];

    public static TheoryData<string> Refused => [.. RefusedCases.Select(c => c.Name)];

    public static TheoryData<string> Accepted => [.. AcceptedCases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Refused))]
    public Task HostileBody_RefusedWithItsOutcome(string name) => AssertAnsweredAsItsCaseSaysAsync(RefusedCases, name);

    [Theory]
    [MemberData(nameof(Accepted))]
    public Task UnusualButValidBody_Forwarded(string name) => AssertAnsweredAsItsCaseSaysAsync(AcceptedCases, name);

    /// <summary>
    /// Generic Hmac signs the raw bytes, so a sender's body with a duplicate <c>id</c> verifies (only the sender can make
    /// one). Its identity is the last <c>id</c>, the one JavaScript, PHP, Python, Go and System.Text.Json keep.
    /// </summary>
    [Fact]
    public async Task Hmac_SignedBodyWithDuplicateId_ForwardedOnceUnderTheLastId()
    {
        var last = "evt_" + Guid.NewGuid().ToString("N");

        var response = await Client.SendAsync(TestCallbacks.SignedRequest($$"""{"id":"evt_{{Guid.NewGuid():N}}","id":"{{last}}"}"""));

        Assert.Equal([last], AssertForwardedOnce(response.StatusCode, TestCallbacks.Policy).Header("X-Callback-Event-Id"));
    }

    /// <summary>
    /// A callback well under MaxBodyBytes, sent in one-byte chunks (a sender's HTTP library chooses its chunking): the
    /// chunk framing is not body, so it must be verified like the same body sent in one piece.
    /// </summary>
    [Theory]
    [InlineData(false, HttpStatusCode.Unauthorized)]
    [InlineData(true, HttpStatusCode.OK)]
    public async Task Hmac_BodyUnderMaxBodyBytesInOneByteChunks_VerifiedLikeInOnePiece(bool withSignature, HttpStatusCode status)
    {
        var body = Padded(300);
        var request = await RawHttp.FormatAsync(withSignature ? TestCallbacks.SignedRequest(body) : TestCallbacks.UnsignedRequest(body));
        var chunked = request.Replace($"Content-Length: {body.Length}\r\n", "Transfer-Encoding: chunked\r\n", StringComparison.Ordinal)
            .Replace("\r\n\r\n" + body, "\r\n\r\n" + string.Concat(body.Select(c => $"1\r\n{c}\r\n")) + "0\r\n\r\n", StringComparison.Ordinal);

        var response = Assert.Single(await RawAsync(chunked));

        if (withSignature)
        {
            AssertForwardedOnce((HttpStatusCode)response.Status, TestCallbacks.Policy);
            return;
        }

        Assert.Equal((int)status, response.Status);
        Assert.Equal(Invalid, response.Title);
        AssertNothingForwarded();
    }

    /// <summary>A JSON body of <paramref name="length"/> bytes with a fresh <c>id</c>.</summary>
    private static string Padded(int length)
    {
        var head = $$"""{"id":"evt_{{Guid.NewGuid():N}}","pad":" """;
        return head + new string('x', length - head.Length - 2) + "\"}";
    }

    /// <summary>The request's body sent chunked, without a Content-Length.</summary>
    private static HttpRequestMessage Chunked(HttpRequestMessage request)
    {
        request.Headers.TransferEncodingChunked = true;
        return request;
    }

    private static HttpRequestMessage CryptoCloudToken(
        string header = Hs256Header,
        Func<byte[], byte[], byte[]>? mac = null,
        string secret = CryptoCloudSecret,
        Func<string, string>? claims = null)
    {
        var invoice = "INV" + Guid.NewGuid().ToString("N");
        var payload = (claims ?? (id => CryptoCloudClaims(id)))("INV-" + invoice);
        return CryptoCloud(invoice, Jwt(secret, payload, header, mac), form: false);
    }

    /// <summary>A body written by <paramref name="body"/> around a valid token for a fresh invoice.</summary>
    private static HttpRequestMessage CryptoCloudRaw(Func<string, string, string> body, string contentType = "application/json")
    {
        var invoice = "INV" + Guid.NewGuid().ToString("N");
        var request = TestCallbacks.UnsignedRequest(body(invoice, Jwt(CryptoCloudSecret, CryptoCloudClaims(invoice))), CryptoCloudPath);
        return WithBody(request, null, contentType);
    }

    /// <summary>The docs' sample token carries <c>"id": 13</c>, a number; the body's invoice_id then matches its text.</summary>
    private static HttpRequestMessage CryptoCloudNumericInvoice()
    {
        var invoice = RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var token = Jwt(CryptoCloudSecret, $$"""{"id":{{invoice}},"exp":{{DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds()}}}""");
        return CryptoCloud(invoice, token, form: false);
    }
}
