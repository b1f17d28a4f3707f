using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>Mollie: the vectors of Fixtures/mollie (valid, rotation, tampered, missing and malformed headers), and its identity.</summary>
public class MollieSchemeTests
{
    private const string Provider = "mollie";

    public static TheoryData<string> Vectors => ProviderVectors.Names(Provider);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_Vector_ExpectedVerdict(string name) => ProviderVectors.AssertVerdict(new MollieScheme(), Provider, name);

    [Fact]
    public void DefaultIdentity_Always_SignedEventId()
    {
        var verifier = VerifierHarness.Create(new MollieScheme(), VerifierHarness.Secrets("s"));

        Assert.Equal(["/id"], verifier.DefaultIdentity);
    }
}
