using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>Shopify: the vectors of Fixtures/shopify (valid, rotation, tampered, missing and malformed headers), and its identity.</summary>
public class ShopifySchemeTests
{
    private const string Provider = "shopify";

    public static TheoryData<string> Vectors => ProviderVectors.Names(Provider);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_Vector_ExpectedVerdict(string name) => ProviderVectors.AssertVerdict(new ShopifyScheme(), Provider, name);

    [Fact]
    public void DefaultIdentity_NoSignedEventId_BodyHash()
    {
        var verifier = VerifierHarness.Create(new ShopifyScheme(), VerifierHarness.Secrets("s"));

        Assert.Empty(verifier.DefaultIdentity);
        Assert.Empty(verifier.SignedHeaders);
    }
}
