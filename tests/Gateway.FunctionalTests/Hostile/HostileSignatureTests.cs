using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Gateway.Tests.Fixtures;
using static Gateway.Tests.Fixtures.ProviderSigners;
using static Gateway.Tests.Hostile.HostileRequests;

namespace Gateway.Tests.Hostile;

/// <summary>
/// Class 7: signatures and timestamps, for the generic Hmac route and each provider scheme. Every request is signed here,
/// independently of the gateway's verifiers, then spoiled in one way. Rejections must carry the right outcome:
/// <c>invalid_signature</c> (401) when nothing matches, <c>stale</c> (401) when a valid signature is too old or too new,
/// <c>malformed</c> (400) when the header cannot be a signature of this scheme. Spellings that encode the same MAC (hex in
/// upper case) or that the scheme documents (several v1 entries, an MD5 body hash) are valid and forwarded.
/// </summary>
public sealed class HostileSignatureTests(HostileGateway gateway) : HostileTests(gateway)
{

    private static readonly HostileCase[] RefusedCases =
    [
        // Generic Hmac: X-Signature: sha256=<hex HMAC-SHA256(secret, "{X-Timestamp}.{body}")>, tolerance 5 minutes.
        new("hmac: no signature header", Unauthorized, Invalid, () => WithoutHeader(Hmac(), "X-Signature")),
        new("hmac: empty signature", Unauthorized, Invalid, () => WithHeader(Hmac(), "X-Signature", string.Empty)),
        new("hmac: prefix only", BadRequest, Malformed, () => WithHeader(Hmac(), "X-Signature", "sha256=")),
        new("hmac: wrong prefix sha1=", BadRequest, Malformed, () => Respell(Hmac(), "X-Signature", v => "sha1=" + v["sha256=".Length..])),
        new("hmac: no prefix, bare hex", BadRequest, Malformed, () => Respell(Hmac(), "X-Signature", v => v["sha256=".Length..])),
        new("hmac: truncated by one byte", Unauthorized, Invalid, () => Respell(Hmac(), "X-Signature", v => v[..^2])),
        new("hmac: truncated by one hex digit", BadRequest, Malformed, () => Respell(Hmac(), "X-Signature", v => v[..^1])),
        new("hmac: one byte appended", Unauthorized, Invalid, () => Respell(Hmac(), "X-Signature", v => v + "00")),
        new("hmac: non-hex characters appended", BadRequest, Malformed, () => Respell(Hmac(), "X-Signature", v => v + "zz")),
        new("hmac: the MAC in base64 instead of hex", BadRequest, Malformed, () => Respell(Hmac(), "X-Signature", v => "sha256=" + Convert.ToBase64String(Convert.FromHexString(v["sha256=".Length..])))),
        new("hmac: two signatures, one valid", BadRequest, Malformed, () => Respell(Hmac(), "X-Signature", v => v + ", sha256=" + new string('0', 64))),
        new("hmac: the valid signature twice", BadRequest, Malformed, () => Respell(Hmac(), "X-Signature", v => v + "," + v)),
        new("hmac: signature of another body", Unauthorized, Invalid, () => WithBody(Hmac(), TestCallbacks.NewBody())),
        new("hmac: signature over another timestamp", Unauthorized, Invalid, () => WithHeader(Hmac(), "X-Timestamp", Unix(DateTimeOffset.UtcNow.AddSeconds(-30)))),
        new("hmac: signature over the body alone", Unauthorized, Invalid, () => Respell(Hmac(), "X-Signature", _ => "sha256=" + HexMac(TestCallbacks.Secret, "{}"))),
        new("hmac: HMAC-SHA512 instead of SHA-256", Unauthorized, Invalid, () => HmacWith((key, data) => HMACSHA512.HashData(key, data))),
        new("hmac: secret of another policy", Unauthorized, Invalid, () => TestCallbacks.SignedRequest(TestCallbacks.NewBody(), GitHubSecret)),
        new("hmac: timestamp an hour old", Unauthorized, Stale, () => TestCallbacks.SignedRequest(TestCallbacks.NewBody(), at: DateTimeOffset.UtcNow.AddHours(-1))),
        new("hmac: timestamp an hour ahead", Unauthorized, Stale, () => TestCallbacks.SignedRequest(TestCallbacks.NewBody(), at: DateTimeOffset.UtcNow.AddHours(1))),
        new("hmac: timestamp zero", Unauthorized, Stale, () => TestCallbacks.SignedAt(TestCallbacks.NewBody(), "0")),
        new("hmac: timestamp not a number", BadRequest, Malformed, () => TestCallbacks.SignedAt(TestCallbacks.NewBody(), "now")),
        new("hmac: timestamp negative", BadRequest, Malformed, () => TestCallbacks.SignedAt(TestCallbacks.NewBody(), "-60")),
        new("hmac: timestamp with a plus sign", BadRequest, Malformed, () => TestCallbacks.SignedAt(TestCallbacks.NewBody(), "+" + Unix(DateTimeOffset.UtcNow))),
        new("hmac: timestamp with a fraction", BadRequest, Malformed, () => TestCallbacks.SignedAt(TestCallbacks.NewBody(), Unix(DateTimeOffset.UtcNow) + ".5")),
        new("hmac: timestamp beyond a long", BadRequest, Malformed, () => TestCallbacks.SignedAt(TestCallbacks.NewBody(), "99999999999999999999")),
        new("hmac: timestamp past year 9999", BadRequest, Malformed, () => TestCallbacks.SignedAt(TestCallbacks.NewBody(), "253402300800")),
        new("hmac: timestamp in milliseconds", BadRequest, Malformed, () => TestCallbacks.SignedAt(TestCallbacks.NewBody(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))),
        new("hmac: no timestamp header", BadRequest, Malformed, () => WithoutHeader(Hmac(), "X-Timestamp")),
        new("hmac: two timestamps", BadRequest, Malformed, () => Respell(Hmac(), "X-Timestamp", v => v + ", " + v)),

        // GitHub: X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>.
        new("github: no signature header", Unauthorized, Invalid, () => WithoutHeader(GitHub(TestCallbacks.NewBody()), "X-Hub-Signature-256")),
        new("github: only the SHA-1 header", Unauthorized, Invalid, () => Respell(GitHub(TestCallbacks.NewBody()), "X-Hub-Signature-256", "X-Hub-Signature", v => "sha1=" + v[7..47])),
        new("github: sha1= prefix in the SHA-256 header", BadRequest, Malformed, () => Respell(GitHub(TestCallbacks.NewBody()), "X-Hub-Signature-256", v => "sha1=" + v[7..])),
        new("github: signature of another body", Unauthorized, Invalid, () => WithBody(GitHub(TestCallbacks.NewBody()), TestCallbacks.NewBody())),
        new("github: secret of another policy", Unauthorized, Invalid, () => GitHubSignedWith(StripeSecret)),
        new("github: truncated by one byte", Unauthorized, Invalid, () => Respell(GitHub(TestCallbacks.NewBody()), "X-Hub-Signature-256", v => v[..^2])),

        // Stripe: Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "{t}.{body}")>.
        new("stripe: no signature header", Unauthorized, Invalid, () => WithoutHeader(Stripe(TestCallbacks.NewBody()), "Stripe-Signature")),
        new("stripe: no t=", BadRequest, Malformed, () => Respell(Stripe(TestCallbacks.NewBody()), "Stripe-Signature", v => v[(v.IndexOf(',', StringComparison.Ordinal) + 1)..])),
        new("stripe: two t=", BadRequest, Malformed, () => Respell(Stripe(TestCallbacks.NewBody()), "Stripe-Signature", v => "t=1," + v)),
        new("stripe: t= not a number", BadRequest, Malformed, () => Stripe(TestCallbacks.NewBody(), header: "t=now,v1=" + new string('0', 64))),
        new("stripe: v1 of another body", Unauthorized, Invalid, () => WithBody(Stripe(TestCallbacks.NewBody()), TestCallbacks.NewBody())),
        new("stripe: v1 over another t", Unauthorized, Invalid, () => StripeHeader(body => $"t={Unix(DateTimeOffset.UtcNow)},v1={StripeV1(Unix(DateTimeOffset.UtcNow.AddSeconds(-30)), body)}")),
        new("stripe: only a v0 entry", Unauthorized, Invalid, () => Respell(Stripe(TestCallbacks.NewBody()), "Stripe-Signature", v => v.Replace("v1=", "v0=", StringComparison.Ordinal))),
        new("stripe: v1 in base64", Unauthorized, Invalid, () => StripeHeader(body => $"t={Unix(DateTimeOffset.UtcNow)},v1={Convert.ToBase64String(Convert.FromHexString(StripeV1(Unix(DateTimeOffset.UtcNow), body)))}")),
        new("stripe: v1 truncated", Unauthorized, Invalid, () => Respell(Stripe(TestCallbacks.NewBody()), "Stripe-Signature", v => v[..^2])),
        new("stripe: secret of another policy", Unauthorized, Invalid, () => Stripe(TestCallbacks.NewBody(), secret: TestCallbacks.Secret)),
        new("stripe: an hour old", Unauthorized, Stale, () => Stripe(TestCallbacks.NewBody(), DateTimeOffset.UtcNow.AddHours(-1))),
        new("stripe: an hour ahead", Unauthorized, Stale, () => Stripe(TestCallbacks.NewBody(), DateTimeOffset.UtcNow.AddHours(1))),

        // Standard Webhooks: webhook-signature: v1,<base64 HMAC-SHA256(key, "{id}.{ts}.{body}")>.
        new("svix: no signature header", Unauthorized, Invalid, () => WithoutHeader(Svix(), "webhook-signature")),
        new("svix: no webhook-id", BadRequest, Malformed, () => WithoutHeader(Svix(), "webhook-id")),
        new("svix: timestamp not a number", BadRequest, Malformed, () => WithHeader(Svix(), "webhook-timestamp", "now")),
        new("svix: signed for another webhook-id", Unauthorized, Invalid, () => StandardWebhooks("msg_" + Guid.NewGuid().ToString("N"), "{}", signedId: "msg_someone_else")),
        new("svix: v2 prefix", Unauthorized, Invalid, () => Respell(Svix(), "webhook-signature", v => "v2," + v[3..])),
        new("svix: signature of another body", Unauthorized, Invalid, () => WithBody(Svix(), """{"test":2}""")),
        new("svix: key taken as the whsec text itself", Unauthorized, Invalid, () => SvixSignedWithTextKey()),
        new("svix: an hour old", Unauthorized, Stale, () => StandardWebhooks("msg_" + Guid.NewGuid().ToString("N"), "{}", DateTimeOffset.UtcNow.AddHours(-1))),
        new("svix: an hour ahead", Unauthorized, Stale, () => StandardWebhooks("msg_" + Guid.NewGuid().ToString("N"), "{}", DateTimeOffset.UtcNow.AddHours(1))),

        // IXOPAY: X-Signature: base64 HMAC-SHA512(secret, method \n hash(body) \n content type \n date \n uri).
        new("ixopay: no signature header", Unauthorized, Invalid, () => WithoutHeader(IxopayNow(), "X-Signature")),
        new("ixopay: signature not base64", BadRequest, Malformed, () => WithHeader(IxopayNow(), "X-Signature", "not base64!")),
        new("ixopay: an HMAC-SHA256 length", BadRequest, Malformed, () => WithHeader(IxopayNow(), "X-Signature", Convert.ToBase64String(new byte[32]))),
        new("ixopay: signed for another query", Unauthorized, Invalid, () => Ixopay(IxopayBody(), IxopayPath, signedUri: IxopayPath + "?someId=1")),
        new("ixopay: signed for the backend's path", Unauthorized, Invalid, () => Ixopay(IxopayBody(), IxopayPath, signedUri: IxopayBackendPath)),
        new("ixopay: signed as GET", Unauthorized, Invalid, () => Ixopay(IxopayBody(), IxopayPath, signedMethod: "GET")),
        new("ixopay: no Date header", BadRequest, Malformed, () => WithoutHeader(IxopayNow(), "Date")),
        new("ixopay: Date not a date", BadRequest, Malformed, () => WithHeader(IxopayNow(), "Date", "yesterday")),
        new("ixopay: Date an hour old", Unauthorized, Stale, () => Ixopay(IxopayBody(), IxopayPath, at: DateTimeOffset.UtcNow.AddHours(-1))),
        new("ixopay: Date an hour ahead", Unauthorized, Stale, () => Ixopay(IxopayBody(), IxopayPath, at: DateTimeOffset.UtcNow.AddHours(1))),
        new("ixopay: secret of another policy", Unauthorized, Invalid, () => Ixopay(IxopayBody(), IxopayPath, secret: TestCallbacks.Secret)),
        new("ixopay: signature of another body", Unauthorized, Invalid, () => WithBody(IxopayNow(), IxopayBody(), IxopayContentType)),

        // Crypto2B: base64 HMAC-SHA512(base64-decoded secret, timestamp + recvWindow + method + path + body).
        new("crypto2b: no signature header", Unauthorized, Invalid, () => WithoutHeader(Crypto2B(Crypto2BBody()), "X-Processing-Signature")),
        new("crypto2b: another public key", Unauthorized, Invalid, () => Crypto2B(Crypto2BBody(), publicKey: "someone-else")),
        new("crypto2b: no public key", Unauthorized, Invalid, () => WithoutHeader(Crypto2B(Crypto2BBody()), "X-Processing-Key")),
        new("crypto2b: signed over another path", Unauthorized, Invalid, () => Crypto2B(Crypto2BBody(), signedPath: "/callbacks/other")),
        new("crypto2b: sent to a case variant of the signed path", Unauthorized, Invalid, () => SentTo(Crypto2B(Crypto2BBody()), "/CALLBACKS/CRYPTO2B")),
        new("crypto2b: sent with a query it did not sign", Unauthorized, Invalid, () => SentTo(Crypto2B(Crypto2BBody()), Crypto2BPath + "?x=1")),
        new("crypto2b: window dropped after signing", Unauthorized, Invalid, () => WithoutHeader(Crypto2B(Crypto2BBody()), "X-Processing-RecvWindow")),
        new("crypto2b: secret of another policy", Unauthorized, Invalid, () => Crypto2B(Crypto2BBody(), secret: Convert.ToBase64String(Encoding.UTF8.GetBytes(IxopaySecret)))),
        new("crypto2b: signature not base64", BadRequest, Malformed, () => WithHeader(Crypto2B(Crypto2BBody()), "X-Processing-Signature", "not base64!")),
        new("crypto2b: timestamp not a number", BadRequest, Malformed, () => Crypto2B(Crypto2BBody(), timestamp: "now")),
        new("crypto2b: window not a number", BadRequest, Malformed, () => Crypto2B(Crypto2BBody(), window: "1e9")),
        new("crypto2b: timestamp in seconds", Unauthorized, Stale, () => Crypto2B(Crypto2BBody(), timestamp: Unix(DateTimeOffset.UtcNow))),
        new("crypto2b: ten minutes old with a day-long window", Unauthorized, Stale, () => Crypto2B(Crypto2BBody(), at: DateTimeOffset.UtcNow.AddMinutes(-10), window: "86400000")),
        new("crypto2b: a minute ahead", Unauthorized, Stale, () => Crypto2B(Crypto2BBody(), at: DateTimeOffset.UtcNow.AddMinutes(1))),
        new("crypto2b: digits moved from the timestamp to the window", Unauthorized, Stale, () => Crypto2BDigitsMoved()),

        // Spell: hex HMAC-SHA256 over the parsed body's sorted key=value pairs.
        new("spell: no signature header", Unauthorized, Invalid, () => WithoutHeader(SpellNow(), "SPELL-Callback-Signature")),
        new("spell: field changed after signing", Unauthorized, Invalid, () => WithBody(SpellNow(), """{"callback":"cb_x","event":"order.paid","order":"ord_999"}""")),
        new("spell: secret of another policy", Unauthorized, Invalid, () => SpellWithSignature("""{"callback":"cb_x"}""", HexMac(TestCallbacks.Secret, "callback=cb_x"))),
        new("spell: a duplicate key", BadRequest, Malformed, () => SpellWithSignature("""{"callback":"cb_x","callback":"cb_y"}""", HexMac(SpellSecret, "callback=cb_y"))),
        new("spell: body not JSON", BadRequest, Malformed, () => SpellWithSignature("callback=cb_x", HexMac(SpellSecret, "callback=cb_x"))),
        new("spell: body a JSON array", BadRequest, Malformed, () => SpellWithSignature("""["callback","cb_x"]""", HexMac(SpellSecret, "callback=cb_x"))),
    ];

    private static readonly HostileCase[] AcceptedCases =
    [
        new("hmac: hex in upper case (the same MAC)", HttpStatusCode.OK, TestCallbacks.Policy, () => Respell(Hmac(), "X-Signature", v => v.ToUpperInvariant())),
        new("hmac: signed with the listed older secret", HttpStatusCode.OK, TestCallbacks.Policy, () => TestCallbacks.SignedRequest(TestCallbacks.NewBody(), "old-secret")),
        new("hmac: timestamp four minutes old", HttpStatusCode.OK, TestCallbacks.Policy, () => TestCallbacks.SignedRequest(TestCallbacks.NewBody(), at: DateTimeOffset.UtcNow.AddMinutes(-4))),
        new("github: hex in upper case (the same MAC)", HttpStatusCode.OK, "github", () => Respell(GitHub(TestCallbacks.NewBody()), "X-Hub-Signature-256", v => "sha256=" + v[7..].ToUpperInvariant())),
        new("stripe: a valid v1 among forged ones and a v0", HttpStatusCode.OK, "stripe", () => Respell(Stripe(TestCallbacks.NewBody()), "Stripe-Signature", v => v.Replace(",v1=", $",v1={new string('0', 64)},v0=ab,v1=", StringComparison.Ordinal))),
        new("stripe: hex in upper case (the same MAC)", HttpStatusCode.OK, "stripe", () => Respell(Stripe(TestCallbacks.NewBody()), "Stripe-Signature", v => v.ToUpperInvariant().Replace("T=", "t=", StringComparison.Ordinal).Replace("V1=", "v1=", StringComparison.Ordinal))),
        new("svix: a valid signature among forged ones", HttpStatusCode.OK, "svix", () => Respell(Svix(), "webhook-signature", v => $"v1,{Convert.ToBase64String(new byte[32])} {v} v2,xyz")),
        new("ixopay: MD5 body hash, as older senders sign", HttpStatusCode.OK, "ixopay", () => Ixopay(IxopayBody(), IxopayPath, md5: true)),
        new("ixopay: X-Date instead of Date", HttpStatusCode.OK, "ixopay", () => Ixopay(IxopayBody(), IxopayPath, dateHeader: "X-Date")),
        new("ixopay: Content-Type changed after signing (the SDK's fixed one verifies)", HttpStatusCode.OK, "ixopay", () => WithBody(IxopayNow(), null, "text/plain")),
        new("spell: keys reordered and spaced (Node-signed vector)", HttpStatusCode.OK, "spell", () => SpellWithSignature("{ \"user\" : \"u1\" ,\n  \"order\": \"o1\",\t\"event\" : \"order.paid\", \"callback\":\"cb2\" }\n", "694d5396dc853200e2d76a37372a45ba5405fc2e9d29b66578b4e51f5f1f43eb")),
    ];

    public static TheoryData<string> Refused => [.. RefusedCases.Select(c => c.Name)];

    public static TheoryData<string> Accepted => [.. AcceptedCases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Refused))]
    public Task SpoiledSignature_RefusedWithItsOutcome(string name) => AssertAnsweredAsItsCaseSaysAsync(RefusedCases, name);

    [Theory]
    [MemberData(nameof(Accepted))]
    public Task UnusualButValidSignature_Forwarded(string name) => AssertAnsweredAsItsCaseSaysAsync(AcceptedCases, name);

    private static HttpRequestMessage Hmac() => TestCallbacks.SignedRequest(TestCallbacks.NewBody());

    private static HttpRequestMessage HmacWith(Func<byte[], byte[], byte[]> mac)
    {
        var body = TestCallbacks.NewBody();
        var timestamp = Unix(DateTimeOffset.UtcNow);
        var digest = mac(Encoding.UTF8.GetBytes(TestCallbacks.Secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return WithHeader(WithHeader(TestCallbacks.UnsignedRequest(body), "X-Timestamp", timestamp), "X-Signature", "sha256=" + Convert.ToHexStringLower(digest));
    }

    private static HttpRequestMessage GitHubSignedWith(string secret)
    {
        var body = TestCallbacks.NewBody();
        return GitHub(body, GitHubSignature(body, secret));
    }

    private static HttpRequestMessage StripeHeader(Func<string, string> header)
    {
        var body = TestCallbacks.NewBody();
        return Stripe(body, header: header(body));
    }

    private static HttpRequestMessage Svix() => StandardWebhooks("msg_" + Guid.NewGuid().ToString("N"), """{"test":1}""");

    private static HttpRequestMessage SvixSignedWithTextKey()
    {
        var id = "msg_" + Guid.NewGuid().ToString("N");
        var ts = Unix(DateTimeOffset.UtcNow);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(SvixSecret), Encoding.UTF8.GetBytes($"{id}.{ts}.{{}}"));
        return StandardWebhooks(id, "{}", signatures: "v1," + Convert.ToBase64String(mac));
    }

    private static string IxopayBody() => $$"""{"result":"OK","uuid":"{{Guid.NewGuid():N}}","merchantTransactionId":"tx-1","transactionType":"DEBIT"}""";

    private static HttpRequestMessage IxopayNow() => Ixopay(IxopayBody(), IxopayPath);

    private static string Crypto2BBody() => $$$"""{"data":{"type":"Deposit","id":"{{{Guid.NewGuid():N}}}","status":"Success"}}""";

    /// <summary>Signed as timestamp "…000" + window "60000"; sent as timestamp "…0006" + window "0000": the same signed text.</summary>
    private static HttpRequestMessage Crypto2BDigitsMoved()
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var request = Crypto2B(Crypto2BBody(), timestamp: timestamp, window: "60000");
        WithHeader(request, "X-Processing-Timestamp", timestamp + "6");
        return WithHeader(request, "X-Processing-RecvWindow", "0000");
    }

    private static HttpRequestMessage SpellNow() => Spell(("callback", "cb_" + Guid.NewGuid().ToString("N")), ("event", "order.paid"), ("order", "ord_42"));
}
