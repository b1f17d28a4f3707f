using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>Paystack: the vectors of Fixtures/paystack (valid, rotation, tampered, missing and malformed headers), and its identity.</summary>
public class PaystackSchemeTests
{
    private const string Provider = "paystack";

    public static TheoryData<string> Vectors => ProviderVectors.Names(Provider);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_Vector_ExpectedVerdict(string name) => ProviderVectors.AssertVerdict(new PaystackScheme(), Provider, name);

    [Fact]
    public void DefaultIdentity_NoSignedEventId_BodyHash()
    {
        var verifier = VerifierHarness.Create(new PaystackScheme(), VerifierHarness.Secrets("s"));

        Assert.Empty(verifier.DefaultIdentity);
        Assert.Empty(verifier.SignedHeaders);
    }
}
