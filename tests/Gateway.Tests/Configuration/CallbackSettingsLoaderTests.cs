using Gateway.Configuration;
using Gateway.Verification;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Configuration;

public class CallbackSettingsLoaderTests
{
    private static readonly CallbackSettingsLoader Loader = new([new HmacScheme(), new StandardWebhooksScheme(), new CryptoCloudScheme()]);

    private static CallbackSettings? Load(Dictionary<string, string?> values, out List<string> errors) =>
        Loader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), out errors);

    [Fact]
    public void Load_SchemeSettingOfWrongType_ReportedNotThrown()
    {
        var settings = Load(
            new()
            {
                ["CallbackPolicies:p:Scheme"] = "Hmac",
                ["CallbackPolicies:p:Secrets:0"] = "s",
                ["CallbackPolicies:p:Header"] = "X-Sig",
                ["CallbackPolicies:p:TimestampInMilliseconds"] = "maybe",
            },
            out var errors);

        Assert.Null(settings);
        Assert.Contains(errors, e => e.StartsWith("CallbackPolicies:p: ", StringComparison.Ordinal) && e.Contains("TimestampInMilliseconds", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_CommonSettingOfWrongType_ReportedWithPolicyName()
    {
        Load(new() { ["CallbackPolicies:p:Scheme"] = "Hmac", ["CallbackPolicies:p:Tolerance"] = "five minutes" }, out var errors);

        Assert.Contains(errors, e => e.StartsWith("CallbackPolicies:p: ", StringComparison.Ordinal) && e.Contains("Tolerance", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_BodySelectorOnSchemeThatDoesNotSignTheBody_Rejected()
    {
        Load(
            new()
            {
                ["CallbackPolicies:cc:Scheme"] = "CryptoCloud",
                ["CallbackPolicies:cc:Secrets:0"] = new string('k', 40),
                ["CallbackPolicies:cc:Dedup:Identity:0"] = "/status",
            },
            out var errors);

        Assert.Contains(errors, e => e.Contains("'/status' is not covered by the signature", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_IdentityFromUnsignedTimestampHeader_Rejected()
    {
        Load(
            new()
            {
                ["CallbackPolicies:p:Scheme"] = "Hmac",
                ["CallbackPolicies:p:Secrets:0"] = "s",
                ["CallbackPolicies:p:Header"] = "X-Sig",
                ["CallbackPolicies:p:TimestampHeader"] = "X-Timestamp",
                ["CallbackPolicies:p:SignedContent"] = "{body}",
                ["CallbackPolicies:p:Dedup:Identity:0"] = "header:X-Timestamp",
            },
            out var errors);

        Assert.Contains(errors, e => e.StartsWith("CallbackPolicies:p: ", StringComparison.Ordinal) && e.Contains("TimestampHeader is set but SignedContent does not include {timestamp}", StringComparison.Ordinal));
        Assert.Contains("CallbackPolicies:p: Dedup:Identity 'header:X-Timestamp' is not covered by the signature, so it cannot identify an event.", errors);
    }

    [Fact]
    public void Load_RejectionStatusThatLooksLikeSuccess_Rejected()
    {
        Load(new() { ["Gateway:StatusCodes:InFlight"] = "202", ["Gateway:StatusCodes:Stale"] = "401" }, out var errors);

        Assert.Equal("Gateway:StatusCodes:InFlight is 202; a rejection must be 4xx or 5xx.", Assert.Single(errors));
    }

    [Fact]
    public void Load_ValidPolicy_ResolvesSchemeDefaults()
    {
        var settings = Load(
            new() { ["CallbackPolicies:svix:Scheme"] = "StandardWebhooks", ["CallbackPolicies:svix:Secrets:0"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" },
            out var errors);

        Assert.Empty(errors);
        var policy = settings!.Policies["SVIX"]; // policy names are case-insensitive, as configuration keys are
        Assert.Equal("header:webhook-id", Assert.Single(policy.Identity).ToString());
        Assert.Equal(200, policy.DuplicateResponse.StatusCode);
    }
}
