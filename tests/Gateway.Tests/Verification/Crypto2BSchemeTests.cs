using Gateway.Verification;

namespace Gateway.Tests.Verification;

public class Crypto2BSchemeTests
{
    // An independent vector, computed in the shell rather than with the verifier's code:
    // key=$(printf '%s' 'c2VjcmV0LWtleS1mb3ItY3J5cHRvMmItdGVzdHM=' | base64 -d | xxd -p | tr -d '\n')
    // printf '%s' "$content" | openssl dgst -sha512 -mac HMAC -macopt hexkey:$key -binary | base64
    // with content = timestamp + recvWindow + "POST" + uri + body, e.g.
    // '17000000000005000POST/callbacks/crypto2b?ref=7{"data":{"type":"Deposit","id":42,"status":"completed"}}'.
    private const string Secret = "c2VjcmV0LWtleS1mb3ItY3J5cHRvMmItdGVzdHM="; // base64 of "secret-key-for-crypto2b-tests"
    private const string PublicKey = "pk_test_gateway";
    private const string Timestamp = "1700000000000";
    private const string RecvWindow = "5000";
    private const string Uri = "/callbacks/crypto2b?ref=7";
    private const string Body = """{"data":{"type":"Deposit","id":42,"status":"completed"}}""";
    private const string Signature = "6YRLaIgSYrylb4Ami+mkG+xWik/FG3a+kTuAYU8UnrwHMLG2k1QXweN4w2xV78ovzciY8qREFPB556kpXAhwHg==";

    // The same content without a recvWindow: '1700000000000POST/callbacks/crypto2b?ref=7{…}'.
    private const string NoWindowSignature = "Gv+1+YkRN2ojb34vCLoneba0Uy22jaiVSouBRy24/T9q0WkaYDhWfp+p0jadOJ+K/pZw7SEZ22zKbJhASEclsQ==";

    // The same content with recvWindow 600000 (ten minutes): '1700000000000600000POST/callbacks/crypto2b?ref=7{…}'.
    private const string LongWindowSignature = "L43oZC25hedQ/wPO+D/J8Ga6mEo28r1UBg/lwxv0jMAn4/Sx2UpW4iKmgUgcd4zJOObeGLMQl0tzSGTsdA/dxw==";

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private static ISignatureVerifier Verifier(params string[] secrets) => Verifier(new Dictionary<string, string?>(), secrets);

    private static ISignatureVerifier Verifier(Dictionary<string, string?> settings, params string[] secrets)
    {
        settings.TryAdd("PublicKey", PublicKey);
        return VerifierHarness.Create(new Crypto2BScheme(), VerifierHarness.Secrets(secrets).Concat(settings).ToDictionary());
    }

    private static Dictionary<string, string> Headers(string signature = Signature, string timestamp = Timestamp, string? recvWindow = RecvWindow, string? key = PublicKey)
    {
        var headers = new Dictionary<string, string>
        {
            ["X-Processing-Timestamp"] = timestamp,
            ["X-Processing-Signature"] = signature,
        };
        if (recvWindow is not null)
        {
            headers["X-Processing-RecvWindow"] = recvWindow;
        }

        if (key is not null)
        {
            headers["X-Processing-Key"] = key;
        }

        return headers;
    }

    private static VerificationResult Verify(ISignatureVerifier verifier, Dictionary<string, string> headers, string body = Body, string uri = Uri, string method = "POST", DateTimeOffset? at = null) =>
        verifier.Verify(VerifierHarness.Request(body, headers, uri, at ?? SignedAt.AddSeconds(1), method));

    [Fact]
    public void Verify_IndependentVector_Verified()
    {
        var result = Verify(Verifier(Secret), Headers());

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_NoRecvWindow_Verified()
    {
        var result = Verify(Verifier(Secret), Headers(NoWindowSignature, recvWindow: null));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_RotatedSecrets_EitherVerifies()
    {
        var result = Verify(Verifier("b2xkLXNlY3JldA==", Secret), Headers());

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Theory]
    [InlineData("body")]
    [InlineData("timestamp")]
    [InlineData("recvWindow")]
    [InlineData("uri")]
    [InlineData("method")]
    [InlineData("signature")]
    public void Verify_OneByteChanged_Invalid(string where)
    {
        var headers = where switch
        {
            "timestamp" => Headers(timestamp: "1700000000001"),
            "recvWindow" => Headers(recvWindow: "5001"),
            "signature" => Headers(signature: "7" + Signature[1..]),
            _ => Headers(),
        };

        var result = Verify(
            Verifier(Secret),
            headers,
            body: where == "body" ? Body.Replace("42", "43", StringComparison.Ordinal) : Body,
            uri: where == "uri" ? "/callbacks/crypto2b?ref=8" : Uri,
            method: where == "method" ? "PUT" : "POST");

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("pk_test_gatewaz")]
    [InlineData("")]
    public void Verify_WrongOrMissingPublicKey_Invalid(string? key)
    {
        var headers = Headers(key: key);

        var result = Verify(Verifier(Secret), headers);

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_OlderThanSendersWindow_Stale()
    {
        var result = Verify(Verifier(Secret), Headers(), at: SignedAt.AddMilliseconds(5001));

        Assert.Equal(VerificationStatus.Stale, result.Status);
    }

    [Fact]
    public void Verify_SendersWindowAboveCap_CappedStale()
    {
        var result = Verify(Verifier(Secret), Headers(LongWindowSignature, recvWindow: "600000"), at: SignedAt.AddSeconds(301));

        Assert.Equal(VerificationStatus.Stale, result.Status);
    }

    [Fact]
    public void Verify_NoWindowWithinConfiguredCap_Verified()
    {
        var verifier = Verifier(new Dictionary<string, string?> { ["MaxRecvWindow"] = "00:10:00" }, Secret);

        var result = Verify(verifier, Headers(NoWindowSignature, recvWindow: null), at: SignedAt.AddSeconds(301));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_NoWindowOlderThanDefaultCap_Stale()
    {
        var result = Verify(Verifier(Secret), Headers(NoWindowSignature, recvWindow: null), at: SignedAt.AddSeconds(301));

        Assert.Equal(VerificationStatus.Stale, result.Status);
    }

    [Theory]
    [InlineData(-4, "Verified")]
    [InlineData(-6, "Stale")]
    public void Verify_TimestampInFuture_StaleBeyondClockSkew(int receivedOffsetSeconds, string expected)
    {
        var result = Verify(Verifier(Secret), Headers(), at: SignedAt.AddSeconds(receivedOffsetSeconds));

        Assert.Equal(Enum.Parse<VerificationStatus>(expected), result.Status);
    }

    [Fact]
    public void Verify_NoSignatureHeader_Invalid()
    {
        var headers = Headers();
        headers.Remove("X-Processing-Signature");

        var result = Verify(Verifier(Secret), headers);

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [InlineData("timestamp")]
    [InlineData("recvWindow")]
    public void Verify_NotANumber_Malformed(string where)
    {
        var headers = where == "timestamp" ? Headers(timestamp: "17000000000x0") : Headers(recvWindow: "-5000");

        var result = Verify(Verifier(Secret), headers);

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void DefaultIdentity_Always_DataTypeIdStatus()
    {
        var identity = Verifier(Secret).DefaultIdentity;

        Assert.Equal(["/data/type", "/data/id", "/data/status"], identity);
    }

    [Theory]
    [InlineData("Secrets:0", "not base64!", "Secrets:0")]
    [InlineData("PublicKey", "", "PublicKey")]
    [InlineData("ClockSkew", "-00:00:01", "ClockSkew")]
    [InlineData("MaxRecvWindow", "00:00:00", "MaxRecvWindow")]
    public void Create_InvalidSetting_ReportsError(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { ["PublicKey"] = PublicKey, ["Secrets:0"] = Secret };
        settings[key] = value;

        VerifierHarness.TryCreate(new Crypto2BScheme(), settings, out var errors);

        Assert.Contains(errors, e => e.Contains(named, StringComparison.Ordinal));
    }
}
