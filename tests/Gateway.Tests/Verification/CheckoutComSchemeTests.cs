using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>CheckoutCom: the vectors of Fixtures/checkout-com (valid, rotation, tampered, missing and malformed headers), and its identity.</summary>
public class CheckoutComSchemeTests
{
    private const string Provider = "checkout-com";

    public static TheoryData<string> Vectors => ProviderVectors.Names(Provider);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_Vector_ExpectedVerdict(string name) => ProviderVectors.AssertVerdict(new CheckoutComScheme(), Provider, name);

    [Fact]
    public void DefaultIdentity_Always_SignedEventId()
    {
        var verifier = VerifierHarness.Create(new CheckoutComScheme(), VerifierHarness.Secrets("s"));

        Assert.Equal(["/id"], verifier.DefaultIdentity);
    }
}
