using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>Paddle: the vectors of Fixtures/paddle (valid, one h1 per secret during a rotation, tampered, stale, malformed lists), and its identity.</summary>
public class PaddleSchemeTests
{
    private const string Provider = "paddle";

    public static TheoryData<string> Vectors => ProviderVectors.Names(Provider);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_Vector_ExpectedVerdict(string name) => ProviderVectors.AssertVerdict(new PaddleScheme(), Provider, name);

    [Fact]
    public void Verify_ManyH1Items_StillVerifiedByTheMatchingOne()
    {
        // The sender chooses how many items there are; the MAC is computed once per secret, not once per item.
        var vector = ProviderVectors.Get(Provider, "valid: subscription created");
        var header = vector.Headers["Paddle-Signature"];
        var padded = string.Concat(Enumerable.Repeat("h1=" + new string('0', 64) + ";", 1000)) + header;

        var result = VerifierHarness.Create(new PaddleScheme(), vector.Policy())
            .Verify(VerifierHarness.Request(vector.Body, new Dictionary<string, string> { ["Paddle-Signature"] = padded }, at: DateTimeOffset.FromUnixTimeSeconds(vector.ReceivedAt)));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void DefaultIdentity_Always_EventId()
    {
        var verifier = VerifierHarness.Create(new PaddleScheme(), VerifierHarness.Secrets("s"));

        Assert.Equal(["/event_id"], verifier.DefaultIdentity);
    }
}
