using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>Square: the vectors of Fixtures/square (valid, query as received, another endpoint's URL or Host, tampered, malformed), its settings and identity.</summary>
public class SquareSchemeTests
{
    private const string Provider = "square";

    public static TheoryData<string> Vectors => ProviderVectors.Names(Provider);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_Vector_ExpectedVerdict(string name) => ProviderVectors.AssertVerdict(new SquareScheme(), Provider, name);

    [Fact]
    public void Create_NoNotificationUrl_ReportsError()
    {
        VerifierHarness.TryCreate(new SquareScheme(), VerifierHarness.Secrets("s"), out var errors);

        Assert.Contains(errors, e => e.Contains("NotificationUrl", StringComparison.Ordinal) && e.Contains("is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_HmacSettingsInPolicy_NotTaken()
    {
        var settings = VerifierHarness.Secrets("s");
        settings["NotificationUrl"] = "https://hooks.example.com/callbacks/square";

        // Square's own setting is NotificationUrl; the Hmac keys (Header, SignedContent…) are not Square's to change.
        Assert.Equal(typeof(SquareScheme.SquareSettings), new SquareScheme().SettingsType);
        Assert.DoesNotContain(typeof(SquareScheme.SquareSettings).GetProperties(), p => p.Name is "Header" or "SignedContent" or "Algorithm");
        Assert.Equal(["/event_id"], VerifierHarness.Create(new SquareScheme(), settings).DefaultIdentity);
    }
}
