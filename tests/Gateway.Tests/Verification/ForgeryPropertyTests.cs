using System.Globalization;
using FsCheck.Xunit;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>
/// No header-signed scheme verifies a request made without its secret: generated bodies with well-formed signature headers
/// (right encoding, right length, fresh timestamps, so each reaches the signature comparison), for every scheme.
/// Spell and CryptoCloud have properties of their own (<see cref="SpellPropertyTests"/>, <see cref="CryptoCloudPropertyTests"/>).
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

    private static string Hex(Random random, int bytes) => Convert.ToHexStringLower(Bytes(random, bytes));

    private static string Base64(Random random, int bytes) => Convert.ToBase64String(Bytes(random, bytes));

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
