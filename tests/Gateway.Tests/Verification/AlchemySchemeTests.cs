using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>Alchemy: the vectors of Fixtures/alchemy (valid, rotation, tampered, missing and malformed headers), and its identity.</summary>
public class AlchemySchemeTests
{
    private const string Provider = "alchemy";

    public static TheoryData<string> Vectors => ProviderVectors.Names(Provider);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_Vector_ExpectedVerdict(string name) => ProviderVectors.AssertVerdict(new AlchemyScheme(), Provider, name);

    [Fact]
    public void DefaultIdentity_Always_SignedEventId()
    {
        var verifier = VerifierHarness.Create(new AlchemyScheme(), VerifierHarness.Secrets("s"));

        Assert.Equal(["/id"], verifier.DefaultIdentity);
    }
}
