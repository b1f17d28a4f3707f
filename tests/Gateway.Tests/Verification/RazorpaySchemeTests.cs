using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>Razorpay: the vectors of Fixtures/razorpay (valid, rotation, tampered, missing and malformed headers), and its identity.</summary>
public class RazorpaySchemeTests
{
    private const string Provider = "razorpay";

    public static TheoryData<string> Vectors => ProviderVectors.Names(Provider);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_Vector_ExpectedVerdict(string name) => ProviderVectors.AssertVerdict(new RazorpayScheme(), Provider, name);

    [Fact]
    public void DefaultIdentity_NoSignedEventId_BodyHash()
    {
        var verifier = VerifierHarness.Create(new RazorpayScheme(), VerifierHarness.Secrets("s"));

        Assert.Empty(verifier.DefaultIdentity);
        Assert.Empty(verifier.SignedHeaders);
    }
}
