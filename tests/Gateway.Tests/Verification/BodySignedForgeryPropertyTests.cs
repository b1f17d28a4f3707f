using System.Text;
using System.Text.Json.Nodes;
using FsCheck.Xunit;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>
/// No body-signed or public-key scheme verifies a callback made without its secret or private key: generated callbacks in each
/// provider's shape (random field values, well-formed signatures of the right size naming a pinned key, so each reaches the
/// comparison) are never verified.
/// </summary>
public sealed class BodySignedForgeryPropertyTests
{
    private const int Cases = 300;
    private const string Secret = "the-real-secret";

    private static readonly (string Name, ISignatureVerifier Verifier, Func<Random, (string Body, Dictionary<string, string> Headers)> Forge)[] Schemes =
    [
        ("NowPayments", VerifierHarness.Create(new NowPaymentsScheme(), VerifierHarness.Secrets(Secret)),
            r => ((new JsonObject { ["payment_id"] = r.Next(), ["payment_status"] = Text(r), ["pay_amount"] = r.NextDouble(), ["fee"] = new JsonObject { ["currency"] = Text(r) } }).ToJsonString(),
                new() { ["x-nowpayments-sig"] = Hex(r, 64) })),
        ("Adyen", VerifierHarness.Create(new AdyenScheme(), VerifierHarness.Secrets("44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056")),
            r => ((new JsonObject
            {
                ["notificationItems"] = new JsonArray(new JsonObject
                {
                    ["NotificationRequestItem"] = new JsonObject
                    {
                        ["additionalData"] = new JsonObject { ["hmacSignature"] = Convert.ToBase64String(Bytes(r, 32)) },
                        ["amount"] = new JsonObject { ["currency"] = "EUR", ["value"] = r.Next() },
                        ["eventCode"] = "AUTHORISATION", ["merchantAccountCode"] = Text(r), ["merchantReference"] = Text(r),
                        ["pspReference"] = Text(r), ["success"] = "true",
                    },
                }),
            }).ToJsonString(), [])),
        ("Cryptomus", VerifierHarness.Create(new CryptomusScheme(), VerifierHarness.Secrets(Secret)),
            r => ((new JsonObject { ["uuid"] = Text(r), ["status"] = "paid", ["amount"] = Text(r), ["sign"] = Hex(r, 16) }).ToJsonString(), [])),
        ("CoinPayments", VerifierHarness.Create(new CoinPaymentsScheme(), new Dictionary<string, string?> { ["Secrets:0"] = Secret, ["MerchantId"] = "m" }),
            r => ($"ipn_mode=hmac&merchant=m&txn_id={Text(r)}&status=100&amount1={r.Next()}", new() { ["HMAC"] = Hex(r, 64) })),
        ("Plisio", VerifierHarness.Create(new PlisioScheme(), VerifierHarness.Secrets(Secret)),
            r => ($"txn_id={Text(r)}&status=completed&amount={r.Next()}&verify_hash={Hex(r, 20)}", [])),
        ("Fireblocks", VerifierHarness.Create(new FireblocksScheme(), new Dictionary<string, string?> { ["PublicKeys:0"] = PublicKeyVectors.KeyFile("fireblocks", "fireblocks-test-1.pub.pem") }),
            r => ((new JsonObject { ["id"] = Text(r), ["eventType"] = Text(r) }).ToJsonString(), new() { [FireblocksScheme.LegacyHeader] = Convert.ToBase64String(Bytes(r, 256)) })),
        ("Circle", VerifierHarness.Create(new CircleScheme(), PinnedKeys("circle")),
            r => ((new JsonObject { ["notificationId"] = Text(r), ["notificationType"] = Text(r) }).ToJsonString(), new()
            {
                [CircleScheme.KeyIdHeader] = FirstKeyName("circle"), [CircleScheme.SignatureHeader] = Convert.ToBase64String(DerSignature(r)),
            })),
        ("BinancePay", VerifierHarness.Create(new BinancePayScheme(), PinnedKeys("binancepay")),
            r => ((new JsonObject { ["bizIdStr"] = Text(r), ["bizStatus"] = "PAY_SUCCESS" }).ToJsonString(), new()
            {
                [BinancePayScheme.TimestampHeader] = VerifierHarness.Now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                [BinancePayScheme.NonceHeader] = Text(r), [BinancePayScheme.SerialHeader] = FirstKeyName("binancepay"),
                [BinancePayScheme.SignatureHeader] = Convert.ToBase64String(Bytes(r, 256)),
            })),
    ];

    [Property(MaxTest = Cases)]
    public void Verify_GeneratedCallbackWithoutTheSecret_NeverVerified(int seed)
    {
        var random = new Random(seed);
        foreach (var (name, verifier, forge) in Schemes)
        {
            var (body, headers) = forge(random);

            var result = verifier.Verify(VerifierHarness.Request(body, headers));

            Assert.False(result.IsVerified, $"{name} verified a forged callback (seed {seed})");
        }
    }

    [Fact]
    public void Verify_GeneratedCallbacks_ReachTheComparison()
    {
        // Well formed: refused as not matching, not as malformed (else the property proves little).
        var random = new Random(7);
        foreach (var (name, verifier, forge) in Schemes)
        {
            var (body, headers) = forge(random);

            var result = verifier.Verify(VerifierHarness.Request(body, headers));

            Assert.True(result.Status == VerificationStatus.InvalidSignature, $"{name}: {result.Status} ({result.Reason})");
        }
    }

    /// <summary>The keys a provider's vectors pin by name (key id or certificate serial).</summary>
    private static Dictionary<string, string?> PinnedKeys(string provider) =>
        PublicKeyVectors.Load(provider).GetProperty("publicKeys").EnumerateObject().ToDictionary(p => $"PublicKeys:{p.Name}", p => (string?)p.Value.GetString());

    private static string FirstKeyName(string provider) => PublicKeyVectors.Load(provider).GetProperty("publicKeys").EnumerateObject().First().Name;

    /// <summary>A well-formed DER ECDSA signature (SEQUENCE of two 32-byte INTEGERs) with random values.</summary>
    private static byte[] DerSignature(Random random)
    {
        byte[] Integer() => [0x02, 0x20, (byte)random.Next(1, 0x80), .. Bytes(random, 31)];
        return [0x30, 0x44, .. Integer(), .. Integer()];
    }

    /// <summary>Letters and digits only, so every scheme's field rules accept it.</summary>
    private static string Text(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(1, 20); i > 0; i--)
        {
            text.Append("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[random.Next(62)]);
        }

        return text.ToString();
    }

    private static string Hex(Random random, int bytes) => Convert.ToHexStringLower(Bytes(random, bytes));

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
