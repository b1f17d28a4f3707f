using Gateway.Verification;

namespace Gateway.Tests.Verification;

public class GitHubSchemeTests
{
    // The vector of GitHub's documentation (PROVIDERS.md).
    private const string Secret = "It's a Secret to Everybody";
    private const string Body = "Hello, World!";
    private const string Signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private static ISignatureVerifier Verifier(params string[] secrets) =>
        VerifierHarness.Create(new GitHubScheme(), VerifierHarness.Secrets(secrets));

    private static Dictionary<string, string> Headers(string signature = Signature) => new() { ["X-Hub-Signature-256"] = signature };

    [Fact]
    public void Verify_DocumentedVector_Verified()
    {
        var result = Verifier(Secret).Verify(VerifierHarness.Request(Body, Headers()));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_RotatedSecrets_EitherVerifies()
    {
        var result = Verifier("an older secret", Secret).Verify(VerifierHarness.Request(Body, Headers()));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Theory]
    [InlineData("body")]
    [InlineData("signature")]
    public void Verify_OneByteChanged_Invalid(string where)
    {
        var body = where == "body" ? "Hello, World?" : Body;
        var headers = where == "signature" ? Headers(Signature.Replace("7571", "7572", StringComparison.Ordinal)) : Headers();

        var result = Verifier(Secret).Verify(VerifierHarness.Request(body, headers));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_NoSignatureHeader_Invalid()
    {
        var result = Verifier(Secret).Verify(VerifierHarness.Request(Body, new Dictionary<string, string> { ["X-Hub-Signature"] = "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59" }));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_NoSha256Prefix_Malformed()
    {
        var result = Verifier(Secret).Verify(VerifierHarness.Request(Body, Headers(Signature["sha256=".Length..])));

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Verify_HmacSettingsInPolicy_Ignored()
    {
        var verifier = VerifierHarness.Create(new GitHubScheme(), new Dictionary<string, string?>
        {
            ["Secrets:0"] = Secret,
            ["Header"] = "X-Other-Signature",
            ["Algorithm"] = "SHA1",
        });

        var result = verifier.Verify(VerifierHarness.Request(Body, Headers()));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_DeliveryHeaderNotSigned_IdentityIsBodyHash()
    {
        var verifier = Verifier(Secret);

        var result = verifier.Verify(VerifierHarness.Request(Body, Headers()));

        // No default selectors, no scheme identity, no signed headers: EventIdentity falls back to the body hash.
        Assert.Empty(verifier.DefaultIdentity);
        Assert.Null(result.Identity);
        Assert.DoesNotContain("X-GitHub-Delivery", verifier.SignedHeaders, StringComparer.OrdinalIgnoreCase);
    }
}
