using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>CoinbaseCommerce: the vectors of Fixtures/coinbase-commerce (valid, rotation, tampered, missing and malformed headers), and its identity.</summary>
public class CoinbaseCommerceSchemeTests
{
    private const string Provider = "coinbase-commerce";

    public static TheoryData<string> Vectors => ProviderVectors.Names(Provider);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_Vector_ExpectedVerdict(string name) => ProviderVectors.AssertVerdict(new CoinbaseCommerceScheme(), Provider, name);

    [Fact]
    public void DefaultIdentity_Always_SignedEventId()
    {
        var verifier = VerifierHarness.Create(new CoinbaseCommerceScheme(), VerifierHarness.Secrets("s"));

        Assert.Equal(["/event/id"], verifier.DefaultIdentity);
    }
}
