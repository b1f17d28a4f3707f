using System.Globalization;
using FsCheck.Xunit;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>
/// No header-signed scheme verifies a request made without its secret: generated bodies with well-formed signature headers
/// (right encoding, right length, fresh timestamps, so each reaches the signature comparison), for every scheme.
/// Spell and CryptoCloud have properties of their own (<see cref="SpellPropertyTests"/>, <see cref="CryptoCloudPropertyTests"/>), and Twilio,
/// whose body must be a form, one in <see cref="TwilioSchemeTests"/>.
/// </summary>
public sealed class ForgeryPropertyTests
{
    private const int Cases = 300;
    private const string Secret = "the-real-secret";
    private static readonly string Now = VerifierHarness.Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
    private static readonly string NowMs = VerifierHarness.Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private static readonly (string Name, ISignatureVerifier Verifier, Func<Random, Dictionary<string, string>> Headers)[] Schemes =
    [
        ("Hmac", VerifierHarness.Create(new HmacScheme(), new Dictionary<string, string?>
        {
            ["Secrets:0"] = Secret, ["Header"] = "X-Sig", ["Encoding"] = "Hex", ["TimestampHeader"] = "X-Ts", ["SignedContent"] = "{timestamp}.{body}",
        }), r => new() { ["X-Sig"] = Hex(r, 32), ["X-Ts"] = Now }),
        ("StandardWebhooks", VerifierHarness.Create(new StandardWebhooksScheme(), VerifierHarness.Secrets("whsec_" + Convert.ToBase64String("the-real-secret-bytes"u8))),
            r => new() { ["webhook-id"] = "msg_" + r.Next(), ["webhook-timestamp"] = Now, ["webhook-signature"] = "v1," + Base64(r, 32) }),
        ("Stripe", VerifierHarness.Create(new StripeScheme(), VerifierHarness.Secrets("whsec_" + Secret)),
            r => new() { ["Stripe-Signature"] = $"t={Now},v1={Hex(r, 32)}" }),
        ("GitHub", VerifierHarness.Create(new GitHubScheme(), VerifierHarness.Secrets(Secret)),
            r => new() { ["X-Hub-Signature-256"] = "sha256=" + Hex(r, 32) }),
        ("Ixopay", VerifierHarness.Create(new IxopayScheme(), VerifierHarness.Secrets(Secret)),
            r => new() { ["X-Signature"] = Base64(r, 64), ["Date"] = VerifierHarness.Now.ToString("r", CultureInfo.InvariantCulture), ["Content-Type"] = "application/json; charset=utf-8" }),
        ("Crypto2B", VerifierHarness.Create(new Crypto2BScheme(), new Dictionary<string, string?> { ["Secrets:0"] = Convert.ToBase64String("the-real-secret"u8), ["PublicKey"] = "pk" }),
            r => new() { ["X-Processing-Key"] = "pk", ["X-Processing-Timestamp"] = NowMs, ["X-Processing-Signature"] = Base64(r, 64) }),
        ("Razorpay", Preset(new RazorpayScheme()), r => new() { ["X-Razorpay-Signature"] = Hex(r, 32) }),
        ("Paystack", Preset(new PaystackScheme()), r => new() { ["x-paystack-signature"] = Hex(r, 64) }),
        ("Shopify", Preset(new ShopifyScheme()), r => new() { ["X-Shopify-Hmac-Sha256"] = Base64(r, 32) }),
        ("CheckoutCom", Preset(new CheckoutComScheme()), r => new() { ["Cko-Signature"] = Hex(r, 32) }),
        ("CoinbaseCommerce", Preset(new CoinbaseCommerceScheme()), r => new() { ["X-CC-Webhook-Signature"] = Hex(r, 32) }),
        ("BTCPayServer", Preset(new BtcPayServerScheme()), r => new() { ["BTCPay-Sig"] = "sha256=" + Hex(r, 32) }),
        ("Alchemy", Preset(new AlchemyScheme()), r => new() { ["X-Alchemy-Signature"] = Hex(r, 32) }),
        ("Worldline", Preset(new WorldlineScheme()), r => new() { ["X-GCS-Signature"] = Base64(r, 32) }),
        ("Mollie", Preset(new MollieScheme()), r => new() { ["X-Mollie-Signature"] = (r.Next(2) == 0 ? "sha256=" : string.Empty) + Hex(r, 32) }),
        ("Slack", Preset(new SlackScheme()), r => new() { ["X-Slack-Request-Timestamp"] = Now, ["X-Slack-Signature"] = "v0=" + Hex(r, 32) }),
        ("Paddle", Preset(new PaddleScheme()), r => new() { ["Paddle-Signature"] = $"ts={Now};h1={Hex(r, 32)};h1={Hex(r, 32)}" }),
        ("Square", Preset(new SquareScheme(), ("NotificationUrl", "https://hooks.example.com/callback")), r => new() { ["x-square-hmacsha256-signature"] = Base64(r, 32) }),
    ];

    [Property(MaxTest = Cases)]
    public void Verify_GeneratedBodyAndSignatureWithoutTheSecret_NeverVerified(int seed)
    {
        var random = new Random(seed);
        var body = new byte[random.Next(0, 512)];
        random.NextBytes(body);

        foreach (var (name, verifier, headers) in Schemes)
        {
            var result = verifier.Verify(VerifierHarness.Request(body, headers(random)));

            Assert.False(result.IsVerified, $"{name} verified a forged request (seed {seed})");
        }
    }

    [Fact]
    public void Verify_GeneratedSignatures_ReachTheComparison()
    {
        // The generated headers are well formed: refused as not matching, not as malformed (else the property proves little).
        var random = new Random(7);
        foreach (var (name, verifier, headers) in Schemes)
        {
            var result = verifier.Verify(VerifierHarness.Request("{\"id\":\"evt_1\"}"u8.ToArray(), headers(random)));

            Assert.True(result.Status == VerificationStatus.InvalidSignature, $"{name}: {result.Status} ({result.Reason})");
        }
    }

    private static ISignatureVerifier Preset(ISignatureScheme scheme, params (string Key, string Value)[] settings)
    {
        var policy = VerifierHarness.Secrets(Secret);
        foreach (var (key, value) in settings)
        {
            policy[key] = value;
        }

        return VerifierHarness.Create(scheme, policy);
    }

    private static string Hex(Random random, int bytes) => Convert.ToHexStringLower(Bytes(random, bytes));

    private static string Base64(Random random, int bytes) => Convert.ToBase64String(Bytes(random, bytes));

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
