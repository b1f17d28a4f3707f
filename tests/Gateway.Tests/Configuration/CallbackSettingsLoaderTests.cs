using Gateway.Configuration;
using Gateway.Verification;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Configuration;

public class CallbackSettingsLoaderTests
{
    private static readonly CallbackSettingsLoader Loader = new([new HmacScheme(), new StandardWebhooksScheme(), new CryptoCloudScheme()]);

    private static CallbackSettings? Load(Dictionary<string, string?> values, out List<string> errors) =>
        Loader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), out errors);

    /// <summary>A valid Hmac policy <c>p</c> with this duplicate answer.</summary>
    private static Dictionary<string, string?> DuplicateResponse(int statusCode, string body) => new()
    {
        ["CallbackPolicies:p:Scheme"] = "Hmac",
        ["CallbackPolicies:p:Secrets:0"] = "s",
        ["CallbackPolicies:p:Header"] = "X-Sig",
        ["CallbackPolicies:p:DuplicateResponse:StatusCode"] = statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["CallbackPolicies:p:DuplicateResponse:Body"] = body,
    };

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

    [Theory]
    [InlineData(100, "")]
    [InlineData(101, "")]
    [InlineData(204, "OK")]
    [InlineData(205, "OK")]
    [InlineData(304, "OK")]
    public void Load_DuplicateResponseThatHttpForbids_RejectedNamingPolicy(int statusCode, string body)
    {
        var settings = Load(DuplicateResponse(statusCode, body), out var errors);

        Assert.Null(settings);
        Assert.Contains(errors, e => e.StartsWith($"CallbackPolicies:p: DuplicateResponse:StatusCode {statusCode} ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(302)]
    [InlineData(409)]
    [InlineData(503)]
    public void Load_DuplicateResponseNot2xx_Rejected(int statusCode)
    {
        var settings = Load(DuplicateResponse(statusCode, "OK"), out var errors);

        Assert.Null(settings);
        Assert.Contains(errors, e => e.StartsWith($"CallbackPolicies:p: DuplicateResponse:StatusCode {statusCode} is not 2xx", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(200, "OK")]
    [InlineData(202, "")]
    [InlineData(204, "")]
    [InlineData(208, "{}")]
    public void Load_DuplicateResponse2xxHttpAllows_Accepted(int statusCode, string body)
    {
        var settings = Load(DuplicateResponse(statusCode, body), out var errors);

        Assert.Empty(errors);
        Assert.Equal(statusCode, settings!.Policies["p"].DuplicateResponse.StatusCode);
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
