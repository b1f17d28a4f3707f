using Gateway.Verification;

namespace Gateway.Tests.Verification;

public class HmacSchemeTests
{
    // Vectors computed in the shell, e.g.
    // printf '%s' 'Hello, World!' | openssl dgst -sha1 -hmac "It's a Secret to Everybody"          (hex)
    // printf '%s' 'Hello, World!' | openssl dgst -sha256 -hmac "It's a Secret to Everybody" -binary | base64   (base64)
    private const string Secret = "It's a Secret to Everybody";
    private const string Body = "Hello, World!";
    private const string Sha256Hex = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    private const string Header = "X-Signature";

    // printf '%s' '1700000000.Hello, World!' | openssl dgst -sha256 -hmac "It's a Secret to Everybody"
    private const string Timestamp = "1700000000";
    private const string TimestampedSha256Hex = "76c83fd0acdf22faed320674fe8e04d528cfe8a17905e720a9611e40677c03b7";

    // Shopify signs the raw body, HMAC-SHA256, base64, in X-Shopify-Hmac-Sha256:
    // printf '%s' '{"id":820982911946154508,"email":"jon@example.com"}' | openssl dgst -sha256 -hmac 'shpss_test_secret' -binary | base64
    private const string ShopifySecret = "shpss_test_secret";
    private const string ShopifyBody = """{"id":820982911946154508,"email":"jon@example.com"}""";
    private const string ShopifySignature = "LnwdZPLBbdjkBwPD/lDL1/rYEGby/GHPtL1aAH6Dxjc=";

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static ISignatureVerifier Verifier(Dictionary<string, string?> settings, params string[] secrets) =>
        VerifierHarness.Create(new HmacScheme(), VerifierHarness.Secrets(secrets).Concat(settings).ToDictionary());

    private static Dictionary<string, string?> Settings(string algorithm = "SHA256", string encoding = "Hex", string prefix = "") => new()
    {
        ["Header"] = Header,
        ["Algorithm"] = algorithm,
        ["Encoding"] = encoding,
        ["Prefix"] = prefix,
    };

    private static Dictionary<string, string?> TimestampSettings() => new()
    {
        ["Header"] = Header,
        ["TimestampHeader"] = "X-Timestamp",
        ["SignedContent"] = "{timestamp}.{body}",
    };

    /// <summary>A timestamp header that the signed content leaves out.</summary>
    private static Dictionary<string, string?> UnsignedTimestampSettings()
    {
        var settings = Settings();
        settings["Secrets:0"] = Secret;
        settings["TimestampHeader"] = "X-Timestamp";
        settings["SignedContent"] = "{body}";
        return settings;
    }

    private static Dictionary<string, string> Headers(string signature, string? timestamp = null)
    {
        var headers = new Dictionary<string, string> { [Header] = signature };
        if (timestamp is not null)
        {
            headers["X-Timestamp"] = timestamp;
        }

        return headers;
    }

    [Theory]
    [InlineData("SHA1", "Hex", "01dc10d0c83e72ed246219cdd91669667fe2ca59")]
    [InlineData("SHA256", "Hex", Sha256Hex)]
    [InlineData("SHA-256", "Hex", "757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17")]
    [InlineData("SHA512", "Hex", "11ed355a617e98134e842012a7944ccf59c10256cb182357bd7e3a42013ff07c376f8c14cf5cc1923da20b51d64256b2fb8ebbf100aa67a61326f61fea8111bc")]
    [InlineData("SHA256", "Base64", "dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhc=")]
    public void Verify_AlgorithmAndEncoding_Verified(string algorithm, string encoding, string signature)
    {
        var verifier = Verifier(Settings(algorithm, encoding), Secret);

        var result = verifier.Verify(VerifierHarness.Request(Body, Headers(signature)));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Theory]
    [InlineData("SHA256", "01dc10d0c83e72ed246219cdd91669667fe2ca59")] // the SHA-1 digest
    [InlineData("SHA512", Sha256Hex)]
    public void Verify_DigestOfOtherAlgorithm_Invalid(string algorithm, string signature)
    {
        var verifier = Verifier(Settings(algorithm), Secret);

        var result = verifier.Verify(VerifierHarness.Request(Body, Headers(signature)));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_GitHubVectorWithPrefix_Verified()
    {
        var settings = Settings(prefix: "sha256=");
        settings["Header"] = "X-Hub-Signature-256";
        var verifier = Verifier(settings, Secret);

        var result = verifier.Verify(VerifierHarness.Request(Body, new Dictionary<string, string> { ["X-Hub-Signature-256"] = "sha256=" + Sha256Hex }));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_PrefixMissing_Malformed()
    {
        var verifier = Verifier(Settings(prefix: "sha256="), Secret);

        var result = verifier.Verify(VerifierHarness.Request(Body, Headers(Sha256Hex)));

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Verify_ShopifyStylePolicy_Verified()
    {
        var verifier = Verifier(
            new Dictionary<string, string?> { ["Header"] = "X-Shopify-Hmac-Sha256", ["Algorithm"] = "SHA256", ["Encoding"] = "Base64" },
            ShopifySecret);

        var result = verifier.Verify(VerifierHarness.Request(ShopifyBody, new Dictionary<string, string> { ["X-Shopify-Hmac-Sha256"] = ShopifySignature }));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_ShopifyBodyChanged_Invalid()
    {
        var verifier = Verifier(
            new Dictionary<string, string?> { ["Header"] = "X-Shopify-Hmac-Sha256", ["Algorithm"] = "SHA256", ["Encoding"] = "Base64" },
            ShopifySecret);
        var body = ShopifyBody.Replace("jon@", "jan@", StringComparison.Ordinal);

        var result = verifier.Verify(VerifierHarness.Request(body, new Dictionary<string, string> { ["X-Shopify-Hmac-Sha256"] = ShopifySignature }));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_RotatedSecrets_EitherVerifies()
    {
        var verifier = Verifier(Settings(), "an older secret", Secret);

        var result = verifier.Verify(VerifierHarness.Request(Body, Headers(Sha256Hex)));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Theory]
    [InlineData("body")]
    [InlineData("signature")]
    public void Verify_OneByteChanged_Invalid(string where)
    {
        var verifier = Verifier(Settings(), Secret);
        var body = where == "body" ? "Hello, World?" : Body;
        var signature = where == "signature" ? "8" + Sha256Hex[1..] : Sha256Hex;

        var result = verifier.Verify(VerifierHarness.Request(body, Headers(signature)));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_NoSignatureHeader_Invalid()
    {
        var verifier = Verifier(Settings(), Secret);

        var result = verifier.Verify(VerifierHarness.Request(Body, new Dictionary<string, string> { ["X-Other"] = Sha256Hex }));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_FreshTimestampTemplate_Verified()
    {
        var verifier = Verifier(TimestampSettings(), Secret);

        var result = verifier.Verify(VerifierHarness.Request(Body, Headers(TimestampedSha256Hex, Timestamp), at: SignedAt.AddSeconds(10)));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_TimestampChanged_Invalid()
    {
        var verifier = Verifier(TimestampSettings(), Secret);

        var result = verifier.Verify(VerifierHarness.Request(Body, Headers(TimestampedSha256Hex, "1700000001"), at: SignedAt));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    public void Verify_StaleOrFutureTimestamp_Stale(int receivedOffsetSeconds)
    {
        var verifier = Verifier(TimestampSettings(), Secret);

        var result = verifier.Verify(VerifierHarness.Request(Body, Headers(TimestampedSha256Hex, Timestamp), at: SignedAt.AddSeconds(receivedOffsetSeconds)));

        Assert.Equal(VerificationStatus.Stale, result.Status);
    }

    [Fact]
    public void Verify_TimestampHeaderMissing_Malformed()
    {
        var verifier = Verifier(TimestampSettings(), Secret);

        var result = verifier.Verify(VerifierHarness.Request(Body, Headers(TimestampedSha256Hex), at: SignedAt));

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Theory]
    [InlineData("Algorithm", "MD5", "Algorithm")]
    [InlineData("Header", "", "Header")]
    [InlineData("SignedContent", "{timestamp}.", "{body}")]
    [InlineData("SignedContent", "{body}.{nonce}", "{nonce}")]
    public void Create_InvalidSetting_ReportsError(string key, string value, string named)
    {
        var settings = Settings();
        settings["Secrets:0"] = Secret;
        settings["TimestampHeader"] = "X-Timestamp";
        settings[key] = value;

        VerifierHarness.TryCreate(new HmacScheme(), settings, out var errors);

        Assert.Contains(errors, e => e.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void Create_TimestampHeaderNotInSignedContent_ReportsUnsignedTimestamp()
    {
        VerifierHarness.TryCreate(new HmacScheme(), UnsignedTimestampSettings(), out var errors);

        Assert.Contains(errors, e => e.Contains("TimestampHeader is set but SignedContent does not include {timestamp}, so the timestamp is not signed", StringComparison.Ordinal));
    }

    [Fact]
    public void SignedHeaders_TimestampHeaderNotInSignedContent_Empty()
    {
        var verifier = VerifierHarness.TryCreate(new HmacScheme(), UnsignedTimestampSettings(), out _);

        Assert.Empty(verifier.SignedHeaders);
    }

    [Fact]
    public void SignedHeaders_TimestampInSignedContent_ListsTimestampHeader()
    {
        var verifier = Verifier(TimestampSettings(), Secret);

        Assert.Equal(["X-Timestamp"], verifier.SignedHeaders);
    }

    [Fact]
    public void Create_TimestampWithoutTimestampHeader_ReportsError()
    {
        var settings = Settings();
        settings["Secrets:0"] = Secret;
        settings["SignedContent"] = "{timestamp}.{body}";

        VerifierHarness.TryCreate(new HmacScheme(), settings, out var errors);

        Assert.Contains(errors, e => e.Contains("TimestampHeader", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/callbacks/x?shop=1", "Verified")]
    [InlineData("/rewritten/elsewhere?shop=1", "Verified")]
    [InlineData("/callbacks/x?shop=2", "InvalidSignature")]
    [InlineData("/callbacks/x", "InvalidSignature")]
    public void Verify_UrlTemplate_SignsNotificationUrlAndQueryAsReceived(string uri, string expected)
    {
        var settings = Settings(encoding: "Base64");
        settings["SignedContent"] = "{url}{body}";
        settings["NotificationUrl"] = "https://hooks.example.com/callbacks/x";
        var signed = System.Text.Encoding.UTF8.GetBytes("https://hooks.example.com/callbacks/x?shop=1" + Body);
        var signature = Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Secret), signed));
        var headers = Headers(signature);
        headers["Host"] = "hooks.example.com"; // the Host is never what is signed: only NotificationUrl

        var result = Verifier(settings, Secret).Verify(VerifierHarness.Request(Body, headers, uri));

        Assert.Equal(expected, result.Status.ToString());
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("hooks.example.com/callbacks/x", "must be an absolute http or https URL")]
    [InlineData("https://hooks.example.com/callbacks/x?shop=1", "without query")]
    [InlineData("https://hooks.example.com/callbacks/x#f", "without query, fragment")]
    [InlineData("https://user:pw@hooks.example.com/callbacks/x", "user info")]
    [InlineData("ftp://hooks.example.com/callbacks/x", "http or https")]
    public void Create_UrlTemplateWithoutUsableNotificationUrl_ReportsError(string? url, string problem)
    {
        var settings = Settings();
        settings["Secrets:0"] = Secret;
        settings["SignedContent"] = "{url}{body}";
        settings["NotificationUrl"] = url;

        VerifierHarness.TryCreate(new HmacScheme(), settings, out var errors);

        Assert.Contains(errors, e => e.Contains("NotificationUrl", StringComparison.Ordinal) && e.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Create_NotificationUrlWithoutUrlPlaceholder_ReportsUnsignedUrl()
    {
        var settings = Settings();
        settings["Secrets:0"] = Secret;
        settings["NotificationUrl"] = "https://hooks.example.com/callbacks/x";

        VerifierHarness.TryCreate(new HmacScheme(), settings, out var errors);

        Assert.Contains(errors, e => e.Contains("SignedContent does not include {url}", StringComparison.Ordinal));
    }
}
