using FsCheck.Xunit;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>
/// Twilio: the vectors of Fixtures/twilio (form and JSON bodies, query and port variants, SharedKey SHA-256, re-partitioned
/// parameters, another endpoint's URL or Host, tampered, malformed), its settings, identity and duplicate answer.
/// </summary>
public class TwilioSchemeTests
{
    private const string Provider = "twilio";

    public static TheoryData<string> Vectors => ProviderVectors.Names(Provider);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_Vector_ExpectedVerdict(string name) => ProviderVectors.AssertVerdict(new TwilioScheme(), Provider, name);

    [Fact]
    public void Verify_RepartitionedParameters_SameIdentityAsOriginal()
    {
        var original = ProviderVectors.Get(Provider, "valid: inbound message, escapes and UTF-8");
        var repartitioned = ProviderVectors.Get(Provider, "valid: the same signed string, parameters re-partitioned (same identity)");
        var verifier = VerifierHarness.Create(new TwilioScheme(), original.Policy());

        var first = verifier.Verify(original.Request());
        var second = verifier.Verify(repartitioned.Request());

        Assert.NotEqual(original.Body, repartitioned.Body);
        Assert.Equal(VerificationStatus.Verified, second.Status);
        Assert.Equal(first.Identity, second.Identity);
        Assert.StartsWith("twilio:s256:", first.Identity, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DedupIdentitySet_ReportsError()
    {
        var settings = VerifierHarness.Secrets("s");
        settings["NotificationUrl"] = "https://hooks.example.com/callbacks/twilio";
        settings["Dedup:Identity:0"] = "form:MessageSid";

        VerifierHarness.TryCreate(new TwilioScheme(), settings, out var errors);

        Assert.Contains(errors, e => e.Contains("Dedup:Identity cannot be set on a Twilio policy", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_NoNotificationUrl_ReportsError()
    {
        VerifierHarness.TryCreate(new TwilioScheme(), VerifierHarness.Secrets("s"), out var errors);

        Assert.Contains(errors, e => e.Contains("NotificationUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void DefaultDuplicateResponse_Always_EmptyTwimlAndNoBodySelectors()
    {
        var verifier = Verifier();

        Assert.False(verifier.SignsBody);
        Assert.Equal(200, verifier.DefaultDuplicateResponse!.StatusCode);
        Assert.Equal("text/xml", verifier.DefaultDuplicateResponse.ContentType);
        Assert.Contains("<Response></Response>", verifier.DefaultDuplicateResponse.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://hooks.example.com/callbacks/twilio", "https://hooks.example.com:443/callbacks/twilio")]
    [InlineData("http://hooks.example.com/t", "http://hooks.example.com:80/t")]
    [InlineData("https://hooks.example.com:8443/t", "https://hooks.example.com/t")]
    [InlineData("https://[::1]:8443/t", "https://[::1]/t")]
    public void UrlVariants_PortPresentOrNot_TheOtherFormSecond(string configured, string other)
    {
        var variants = TwilioScheme.UrlVariants(configured);

        Assert.Equal([configured, other], variants);
    }

    [Property(MaxTest = 300)]
    public void Verify_GeneratedFormAndSignatureWithoutTheSecret_NeverVerified(int seed)
    {
        var random = new Random(seed);
        var fields = Enumerable.Range(0, random.Next(0, 8)).Select(i => $"F{i}={Convert.ToHexString(RandomBytes(random, random.Next(0, 16)))}");
        var mac = RandomBytes(random, random.Next(2) == 0 ? 20 : 32);
        var headers = new Dictionary<string, string> { ["X-Twilio-Signature"] = Convert.ToBase64String(mac) };
        if (mac.Length == 32)
        {
            headers["X-Twilio-Webhooks-Signature-Settings"] = "algorithm=HMAC_SHA256";
        }

        var result = Verifier().Verify(VerifierHarness.Request(string.Join('&', fields), headers, "/callbacks/twilio?n=" + seed));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    private static ISignatureVerifier Verifier()
    {
        var settings = VerifierHarness.Secrets("the-real-auth-token");
        settings["NotificationUrl"] = "https://hooks.example.com/callbacks/twilio";
        return VerifierHarness.Create(new TwilioScheme(), settings);
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
