using Gateway.Verification;

namespace Gateway.Tests.Verification;

public class StripeSchemeTests
{
    // An independent vector, computed in the shell:
    // printf '%s' '1700000000.{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event"}' | openssl dgst -sha256 -hmac 'whsec_test_secret'
    private const string Secret = "whsec_test_secret";
    private const string Timestamp = "1700000000";
    private const string Body = """{"id":"evt_1NG8Du2eZvKYlo2CUI79vXWy","object":"event"}""";
    private const string V1 = "0d82a261071768f1ddd21d94f6476ec95b9b2a1f4de9fd55aa93ad34e86c6ca1";
    private const string Forged = "1d82a261071768f1ddd21d94f6476ec95b9b2a1f4de9fd55aa93ad34e86c6ca1";

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static ISignatureVerifier Verifier(params string[] secrets) =>
        VerifierHarness.Create(new StripeScheme(), VerifierHarness.Secrets(secrets));

    private static Dictionary<string, string> Headers(string value) => new() { ["Stripe-Signature"] = value };

    private static VerificationResult Verify(ISignatureVerifier verifier, string header, string body = Body, DateTimeOffset? at = null) =>
        verifier.Verify(VerifierHarness.Request(body, Headers(header), at: at ?? SignedAt.AddSeconds(1)));

    [Fact]
    public void Verify_IndependentVector_Verified()
    {
        var result = Verify(Verifier(Secret), $"t={Timestamp},v1={V1}");

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_SeveralV1OneValidAndV0_Verified()
    {
        var result = Verify(Verifier(Secret), $"t={Timestamp},v1={Forged},v0=abcdef,v1={V1}");

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_RotatedSecrets_EitherVerifies()
    {
        var result = Verify(Verifier("whsec_old_secret", Secret), $"t={Timestamp},v1={V1}");

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Theory]
    [InlineData("body")]
    [InlineData("timestamp")]
    [InlineData("signature")]
    public void Verify_OneByteChanged_Invalid(string where)
    {
        var header = where switch
        {
            "timestamp" => $"t=1700000001,v1={V1}",
            "signature" => $"t={Timestamp},v1={Forged}",
            _ => $"t={Timestamp},v1={V1}",
        };

        var result = Verify(Verifier(Secret), header, body: where == "body" ? Body.Replace("evt_1", "evt_2", StringComparison.Ordinal) : Body);

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_OnlyV0_Invalid()
    {
        var result = Verify(Verifier(Secret), $"t={Timestamp},v0={V1}");

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Verify_OutsideTolerance_Stale(int offsetSeconds)
    {
        var result = Verify(Verifier(Secret), $"t={Timestamp},v1={V1}", at: SignedAt.AddSeconds(offsetSeconds));

        Assert.Equal(VerificationStatus.Stale, result.Status);
    }

    [Fact]
    public void Verify_ToleranceSetting_Applied()
    {
        var verifier = VerifierHarness.Create(new StripeScheme(), new Dictionary<string, string?> { ["Secrets:0"] = Secret, ["Tolerance"] = "00:10:00" });

        var result = Verify(verifier, $"t={Timestamp},v1={V1}", at: SignedAt.AddSeconds(400));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_NoSignatureHeader_Invalid()
    {
        var result = Verifier(Secret).Verify(VerifierHarness.Request(Body, new Dictionary<string, string>(), at: SignedAt));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [InlineData($"v1={V1}")]
    [InlineData($"t={Timestamp},t=1700000001,v1={V1}")]
    [InlineData($"t=yesterday,v1={V1}")]
    public void Verify_NoSingleValidTimestamp_Malformed(string header)
    {
        var result = Verify(Verifier(Secret), header);

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void DefaultIdentity_Always_EventId()
    {
        var identity = Verifier(Secret).DefaultIdentity;

        Assert.Equal(["/id"], identity);
    }
}
