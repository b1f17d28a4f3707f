using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>Worldline: the vectors of Fixtures/worldline (valid, rotation, tampered, missing and malformed headers), and its identity.</summary>
public class WorldlineSchemeTests
{
    private const string Provider = "worldline";

    public static TheoryData<string> Vectors => ProviderVectors.Names(Provider);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_Vector_ExpectedVerdict(string name) => ProviderVectors.AssertVerdict(new WorldlineScheme(), Provider, name);

    [Fact]
    public void DefaultIdentity_Always_SignedEventId()
    {
        var verifier = VerifierHarness.Create(new WorldlineScheme(), VerifierHarness.Secrets("s"));

        Assert.Equal(["/id"], verifier.DefaultIdentity);
    }
}
