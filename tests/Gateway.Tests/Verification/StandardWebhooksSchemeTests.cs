using Gateway.Verification;

namespace Gateway.Tests.Verification;

public class StandardWebhooksSchemeTests
{
    // The vector of the Standard Webhooks libraries' own tests (PROVIDERS.md).
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Timestamp = "1614265330";
    private const string Body = """{"test": 2432232314}""";
    private const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1614265330);

    private static ISignatureVerifier Verifier(params string[] secrets) =>
        VerifierHarness.Create(new StandardWebhooksScheme(), VerifierHarness.Secrets(secrets));

    private static Dictionary<string, string> Headers(string id = Id, string timestamp = Timestamp, string signature = Signature) => new()
    {
        ["webhook-id"] = id,
        ["webhook-timestamp"] = timestamp,
        ["webhook-signature"] = signature,
    };

    [Fact]
    public void Verify_SpecVector_Verified()
    {
        var result = Verifier(Secret).Verify(VerifierHarness.Request(Body, Headers(), at: SignedAt));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_SeveralSignaturesOneValid_Verified()
    {
        var headers = Headers(signature: "v1,Zm9yZ2VkZm9yZ2VkZm9yZ2VkZm9yZ2VkZm9yZ2VkZm8= v1a,abc " + Signature);

        var result = Verifier(Secret).Verify(VerifierHarness.Request(Body, headers, at: SignedAt));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_RotatedSecrets_EitherVerifies()
    {
        var result = Verifier("whsec_b2xkLXNlY3JldC1vbGQtc2VjcmV0LW9sZA==", Secret).Verify(VerifierHarness.Request(Body, Headers(), at: SignedAt));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Theory]
    [InlineData("body")]
    [InlineData("id")]
    [InlineData("timestamp")]
    [InlineData("signature")]
    public void Verify_OneByteChanged_Invalid(string where)
    {
        var body = where == "body" ? Body.Replace('2', '3') : Body;
        var headers = where switch
        {
            "id" => Headers(id: Id + "x"),
            "timestamp" => Headers(timestamp: "1614265331"),
            "signature" => Headers(signature: Signature.Replace('g', 'h')),
            _ => Headers(),
        };

        var result = Verifier(Secret).Verify(VerifierHarness.Request(body, headers, at: SignedAt));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Verify_OutsideTolerance_Stale(int offsetSeconds)
    {
        var result = Verifier(Secret).Verify(VerifierHarness.Request(Body, Headers(), at: SignedAt.AddSeconds(offsetSeconds)));

        Assert.Equal(VerificationStatus.Stale, result.Status);
    }

    [Fact]
    public void Verify_NoSignatureHeader_Invalid()
    {
        var headers = Headers();
        headers.Remove("webhook-signature");

        var result = Verifier(Secret).Verify(VerifierHarness.Request(Body, headers, at: SignedAt));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Create_SecretNotBase64_ReportsError()
    {
        VerifierHarness.TryCreate(new StandardWebhooksScheme(), new Dictionary<string, string?> { ["Secrets:0"] = "whsec_***" }, out var errors);

        Assert.Contains(errors, e => e.Contains("Secrets:0", StringComparison.Ordinal));
    }
}
