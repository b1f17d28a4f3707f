using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>BtcPayServer: the vectors of Fixtures/btcpay-server (valid, rotation, tampered, missing and malformed headers), and its identity.</summary>
public class BtcPayServerSchemeTests
{
    private const string Provider = "btcpay-server";

    public static TheoryData<string> Vectors => ProviderVectors.Names(Provider);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_Vector_ExpectedVerdict(string name) => ProviderVectors.AssertVerdict(new BtcPayServerScheme(), Provider, name);

    [Fact]
    public void DefaultIdentity_Always_SignedEventId()
    {
        var verifier = VerifierHarness.Create(new BtcPayServerScheme(), VerifierHarness.Secrets("s"));

        Assert.Equal(["/originalDeliveryId"], verifier.DefaultIdentity);
    }
}
