using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>Slack: the vectors of Fixtures/slack (valid JSON and form bodies, rotation, tampered, stale, future, malformed), and its identity.</summary>
public class SlackSchemeTests
{
    private const string Provider = "slack";

    public static TheoryData<string> Vectors => ProviderVectors.Names(Provider);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_Vector_ExpectedVerdict(string name) => ProviderVectors.AssertVerdict(new SlackScheme(), Provider, name);

    [Fact]
    public void Verify_ToleranceSetting_Applied()
    {
        var vector = ProviderVectors.Get(Provider, "stale: signed ten minutes before it arrived");
        var policy = vector.Policy();
        policy["Tolerance"] = "00:11:00";

        var result = VerifierHarness.Create(new SlackScheme(), policy).Verify(vector.Request());

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void SignedHeaders_Always_RequestTimestamp()
    {
        var verifier = VerifierHarness.Create(new SlackScheme(), VerifierHarness.Secrets("s"));

        Assert.Equal(["X-Slack-Request-Timestamp"], verifier.SignedHeaders);
        Assert.Empty(verifier.DefaultIdentity);
    }
}
