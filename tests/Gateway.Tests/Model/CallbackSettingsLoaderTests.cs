using Gateway.Configuration;
using Gateway.Tests.Fixtures;
using Gateway.Verification;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Gateway.Model;

namespace Gateway.Tests.Model;

public class CallbackSettingsLoaderTests
{
    private static readonly CallbackSettingsLoader Loader = new([new HmacScheme(), new StandardWebhooksScheme(), new CryptoCloudScheme()]);

    /// <summary>Every scheme the gateway registers, as it loads a configuration.</summary>
    private static readonly CallbackSettingsLoader GatewayLoader =
        new(new ServiceCollection().AddSignatureSchemes().BuildServiceProvider().GetServices<ISignatureScheme>());

    private static CallbackSettings? Load(Dictionary<string, string?> values, out List<string> errors) =>
        Loader.Load(Configuration(values), out errors);

    /// <summary>The keys reported as unknown, in order; errors of another kind as they are, so that a comparison shows them.</summary>
    private static IEnumerable<string> UnknownKeys(List<string> errors) =>
        errors.Select(e => e.IndexOf(" is not a known setting;", StringComparison.Ordinal) is var end and >= 0 ? e[..end] : e).Order(StringComparer.Ordinal);

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    /// <summary>A valid Hmac policy <c>p</c> with this duplicate answer.</summary>
    private static Dictionary<string, string?> DuplicateResponse(int statusCode, string body) => new()
    {
        ["CallbackPolicies:p:Scheme"] = "Hmac",
        ["CallbackPolicies:p:Secrets:0"] = "s",
        ["CallbackPolicies:p:Header"] = "X-Sig",
        ["CallbackPolicies:p:DuplicateResponse:StatusCode"] = statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["CallbackPolicies:p:DuplicateResponse:Body"] = body,
    };

    [Theory]
    [InlineData("ForwardWithoutDedup")]
    [InlineData("ForwardUnmarked")] // the old name, still accepted (the monitor logs a deprecation warning)
    public void Load_WhenStoreUnavailableForwardWithoutDedup_BothNamesMeanIt(string value)
    {
        var settings = Load(
            new()
            {
                ["CallbackPolicies:p:Scheme"] = "Hmac",
                ["CallbackPolicies:p:Secrets:0"] = "s",
                ["CallbackPolicies:p:Header"] = "X-Sig",
                ["CallbackPolicies:p:WhenStoreUnavailable"] = value,
            },
            out var errors);

        Assert.Empty(errors);
        Assert.Equal(StoreUnavailableBehavior.ForwardWithoutDedup, settings!.Policies["p"].WhenStoreUnavailable);
    }

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
        Assert.Equal(statusCode, settings!.Policies["p"].DuplicateStatusCode);
    }

    [Fact]
    public void Load_UnknownPolicyKeys_EveryOneReportedWithItsPath()
    {
        GatewayLoader.Load(
            Configuration(new()
            {
                ["CallbackPolicies:shop:Scheme"] = "Hmac",
                ["CallbackPolicies:shop:Secrets:0"] = "s",
                ["CallbackPolicies:shop:Header"] = "X-Sig",
                ["CallbackPolicies:shop:Retenion"] = "7.00:00:00",
                ["CallbackPolicies:shop:Strict"] = "false", // Spell's, not Hmac's
                ["CallbackPolicies:shop:Dedup:Lease"] = "00:00:10",
                ["CallbackPolicies:shop:Dedup:Durability"] = "Strong",
                ["CallbackPolicies:shop:DuplicateResponse:Bodyy"] = "OK",
                ["CallbackPolicies:shop:Tolerance:Minutes"] = "5",
            }),
            out var errors);

        Assert.Equal(
            [
                "CallbackPolicies:shop:Dedup:Durability",
                "CallbackPolicies:shop:DuplicateResponse:Bodyy",
                "CallbackPolicies:shop:Retenion",
                "CallbackPolicies:shop:Strict",
                "CallbackPolicies:shop:Tolerance:Minutes",
            ],
            UnknownKeys(errors));
    }

    [Theory]
    [InlineData("GitHub", "Header", "X-Other")] // GitHub fixes its header
    [InlineData("Stripe", "PublicKey", "k")]
    [InlineData("Spell", "ClockSkew", "00:00:30")]
    public void Load_SettingOfAnotherScheme_Reported(string scheme, string key, string value)
    {
        GatewayLoader.Load(
            Configuration(new() { ["CallbackPolicies:p:Scheme"] = scheme, ["CallbackPolicies:p:Secrets:0"] = "s", [$"CallbackPolicies:p:{key}"] = value }),
            out var errors);

        Assert.StartsWith($"CallbackPolicies:p:{key} is not a known setting", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownKeysOfPolicyWithUnknownScheme_ReportedBesideTheScheme()
    {
        GatewayLoader.Load(
            Configuration(new()
            {
                ["CallbackPolicies:p:Scheme"] = "Hamc",
                ["CallbackPolicies:p:Secrets:0"] = "s",
                ["CallbackPolicies:p:Header"] = "X-Sig", // some scheme's setting: it may be right once the scheme is
                ["CallbackPolicies:p:Retenion"] = "7.00:00:00",
            }),
            out var errors);

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("CallbackPolicies:p: Scheme 'Hamc' is unknown", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("CallbackPolicies:p:Retenion is not a known setting", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_UnknownGatewayKeys_EveryOneReportedWithItsPath()
    {
        Load(
            new()
            {
                ["Gateway:SigningKeys"] = "k",
                ["Gateway:TrustedHeaders:Verifed"] = "X-V",
                ["Gateway:TrustedHeaders:All"] = "X-A",
                ["Gateway:StatusCodes:Stael"] = "401",
                ["Gateway:StatusCodes:ForgedHeader"] = "400",
                ["Gateway:ExposeRejectionDetail"] = "true",
            },
            out var errors);

        Assert.Equal(
            [
                "Gateway:SigningKeys",
                "Gateway:StatusCodes:Stael",
                "Gateway:TrustedHeaders:All",
                "Gateway:TrustedHeaders:Verifed",
            ],
            UnknownKeys(errors));
    }

    [Fact]
    public void Load_EveryKnownSetting_Accepted()
    {
        var settings = GatewayLoader.Load(
            Configuration(new()
            {
                ["CallbackPolicies:hmac:Scheme"] = "Hmac",
                ["CallbackPolicies:hmac:Secrets:0"] = "s",
                ["CallbackPolicies:hmac:Tolerance"] = "00:10:00",
                ["CallbackPolicies:hmac:MaxBodyBytes"] = "4096",
                ["CallbackPolicies:hmac:Dedup:Retention"] = "7.00:00:00",
                ["CallbackPolicies:hmac:Dedup:Lease"] = "00:00:10",
                ["CallbackPolicies:hmac:Dedup:Identity:0"] = "/id",
                ["CallbackPolicies:hmac:DuplicateResponse:StatusCode"] = "200",
                ["CallbackPolicies:hmac:DuplicateResponse:Body"] = "{}",
                ["CallbackPolicies:hmac:DuplicateResponse:ContentType"] = "application/json",
                ["CallbackPolicies:hmac:WhenStoreUnavailable"] = "ForwardUnmarked",
                ["CallbackPolicies:hmac:Algorithm"] = "SHA512",
                ["CallbackPolicies:hmac:Encoding"] = "Base64",
                ["CallbackPolicies:hmac:Header"] = "X-Sig",
                ["CallbackPolicies:hmac:Prefix"] = "v1=",
                ["CallbackPolicies:hmac:TimestampHeader"] = "X-Timestamp",
                ["CallbackPolicies:hmac:TimestampInMilliseconds"] = "true",
                ["CallbackPolicies:hmac:SignedContent"] = "{timestamp}:{body}",
                ["CallbackPolicies:c2b:Scheme"] = "Crypto2B",
                ["CallbackPolicies:c2b:Secrets:0"] = "c2VjcmV0",
                ["CallbackPolicies:c2b:PublicKey"] = "k",
                ["CallbackPolicies:c2b:MaxRecvWindow"] = "00:01:00",
                ["CallbackPolicies:c2b:ClockSkew"] = "00:00:05",
                ["CallbackPolicies:cc:Scheme"] = "CryptoCloud",
                ["CallbackPolicies:cc:Secrets:0"] = new string('k', 40),
                ["CallbackPolicies:cc:ClockSkew"] = "00:00:30",
                ["CallbackPolicies:spell:Scheme"] = "Spell",
                ["CallbackPolicies:spell:Secrets:0"] = "s",
                ["CallbackPolicies:spell:Strict"] = "false",
                ["Gateway:TrustedHeaders:Verified"] = "X-V",
                ["Gateway:TrustedHeaders:EventId"] = "X-E",
                ["Gateway:TrustedHeaders:Signature"] = "X-S",
                ["Gateway:TrustedHeaders:DedupSkipped"] = "X-D",
                ["Gateway:SigningKey"] = "k",
                ["Gateway:KeyPrefix"] = "p",
                ["Gateway:RetryAfter"] = "00:00:10",
                ["Gateway:StatusCodes:InvalidSignature"] = "403",
                ["Gateway:StatusCodes:ForgedHeader"] = "400",
                ["Gateway:ExposeRejectionDetail"] = "true",
                ["Gateway:MaxBufferedBodyBytes"] = "1048576",
                ["Gateway:ManagementUrls"] = "http://127.0.0.1:9091",
                ["Gateway:ShutdownDelay"] = "00:00:10",
            }),
            out var errors);

        Assert.Empty(errors);
        Assert.Equal(4, settings!.Policies.Count);
    }

    [Fact]
    public void Load_ShippedYarpJson_NoErrors()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepositoryFiles.Path("yarp.json")).Build();

        var settings = GatewayLoader.Load(configuration, out var errors);

        Assert.Empty(errors);
        Assert.Equal(6, settings!.Policies.Count);
    }

    [Fact]
    public void Load_RejectionStatusThatLooksLikeSuccess_Rejected()
    {
        Load(new() { ["Gateway:StatusCodes:InFlight"] = "202", ["Gateway:StatusCodes:Stale"] = "401" }, out var errors);

        Assert.Equal("Gateway:StatusCodes:InFlight is 202; a rejection must be 4xx or 5xx.", Assert.Single(errors));
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:05:01")]
    public void Load_ShutdownDelayOutOfBounds_Rejected(string delay)
    {
        Load(new() { ["Gateway:ShutdownDelay"] = delay }, out var errors);

        Assert.Equal("Gateway:ShutdownDelay must be between 0 and 00:05:00.", Assert.Single(errors));
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
        Assert.Equal(200, policy.DuplicateStatusCode);
    }
}
