using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gateway.Configuration;
using Gateway.Verification;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Gateway.Model;

namespace Gateway.Benchmarks;

/// <summary>A policy loaded as the gateway loads it, and a request signed as its sender signs, checked to verify.</summary>
internal sealed record SignedCallback(CallbackSettings Settings, CallbackPolicy Policy, CallbackRequest Request);

/// <summary>
/// One correctly signed callback per scheme. Each is signed here with the framework's primitives, independently of the
/// verifier (Spell: a vector made by Node), and <see cref="Load"/> throws unless it verifies, so no benchmark can quietly
/// measure a rejection.
/// </summary>
internal static class SignedCallbacks
{
    public const string PolicyName = "bench";
    public const string Uri = "/callbacks/bench?ref=7";
    public const string Secret = "bench-callback-secret";

    /// <summary>A typical payment event (296 bytes), carrying the fields the identity benchmarks select.</summary>
    public const string Body = """{"id":"evt_3PqR2sLkdIwHu7ix0VYk3Zq1","type":"payment.succeeded","created":1700000000,"data":{"type":"Deposit","id":"pay_8f3a2c9e41b7","status":"completed","amount":"125.50","currency":"USDT","network":"TRC20","order_id":"ORDER-2024-000193","customer":{"id":"cus_42","email":"buyer@example.com"}}}""";

    public static readonly DateTimeOffset ReceivedAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private const string GatewaySigningKey = "bench-gateway-signing-key";

    private static readonly CallbackSettingsLoader Loader = new(
    [
        new HmacScheme(), new StandardWebhooksScheme(), new StripeScheme(), new GitHubScheme(),
        new IxopayScheme(), new Crypto2BScheme(), new SpellScheme(), new CryptoCloudScheme(),
    ]);

    /// <summary>The verify benchmark's cases, by the name its table shows.</summary>
    public static IReadOnlyDictionary<string, Func<SignedCallback>> ByScheme { get; } = new Dictionary<string, Func<SignedCallback>>
    {
        [HmacScheme.SchemeName] = () => Hmac(Body),
        [HmacScheme.SchemeName + "-64KiB"] = () => Hmac(Padded(64 * 1024)),
        [StandardWebhooksScheme.SchemeName] = StandardWebhooks,
        [StripeScheme.SchemeName] = Stripe,
        [GitHubScheme.SchemeName] = GitHub,
        [IxopayScheme.SchemeName] = Ixopay,
        [Crypto2BScheme.SchemeName] = Crypto2B,
        [SpellScheme.SchemeName] = Spell,
        [CryptoCloudScheme.SchemeName] = CryptoCloud,
    };

    /// <summary>Generic HMAC-SHA256, hex, over <c>{timestamp}.{body}</c>; <paramref name="identity"/> sets Dedup:Identity.</summary>
    public static SignedCallback Hmac(string body, params string[] identity)
    {
        var timestamp = UnixSeconds(ReceivedAt);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Utf8(Secret), Utf8($"{timestamp}.{body}")));
        return Load(
            HmacScheme.SchemeName,
            new() { ["Secrets:0"] = Secret, ["Header"] = "X-Signature", ["TimestampHeader"] = "X-Timestamp", ["SignedContent"] = "{timestamp}.{body}" },
            body,
            new() { ["X-Signature"] = signature, ["X-Timestamp"] = timestamp },
            identity: identity);
    }

    /// <summary>The spec vector's secret, id and timestamp (PROVIDERS.md), received at that timestamp, over <see cref="Body"/>.</summary>
    private static SignedCallback StandardWebhooks()
    {
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const string id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        const string timestamp = "1614265330";
        static string Sign(string body) =>
            "v1," + Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), Utf8($"{id}.{timestamp}.{body}")));

        // The signing above reproduces the spec's own signature of its own body, so it signs Body as any sender would.
        if (Sign("""{"test": 2432232314}""") != "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        {
            throw new InvalidOperationException("The Standard Webhooks signing here does not reproduce the spec vector.");
        }

        return Load(
            StandardWebhooksScheme.SchemeName,
            new() { ["Secrets:0"] = secret },
            Body,
            new()
            {
                [StandardWebhooksScheme.IdHeader] = id,
                [StandardWebhooksScheme.TimestampHeader] = timestamp,
                [StandardWebhooksScheme.SignatureHeader] = Sign(Body),
            },
            receivedAt: DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestamp, CultureInfo.InvariantCulture)));
    }

    private static SignedCallback Stripe()
    {
        const string secret = "whsec_bench_5f0c1e9a7d3b2f6e8a4c";
        var timestamp = UnixSeconds(ReceivedAt);
        var v1 = Convert.ToHexStringLower(HMACSHA256.HashData(Utf8(secret), Utf8($"{timestamp}.{Body}")));
        return Load(StripeScheme.SchemeName, new() { ["Secrets:0"] = secret }, Body, new() { [StripeScheme.SignatureHeader] = $"t={timestamp},v1={v1}" });
    }

    private static SignedCallback GitHub()
    {
        var signature = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Utf8(Secret), Utf8(Body)));
        return Load(GitHubScheme.SchemeName, new() { ["Secrets:0"] = Secret }, Body, new() { [GitHubScheme.SignatureHeader] = signature });
    }

    /// <summary>SHA-512 body hash and the SDK's Content-Type, so the verifier tries one Content-Type per body hash.</summary>
    private static SignedCallback Ixopay()
    {
        const string contentType = "application/json; charset=utf-8";
        var date = ReceivedAt.ToString("r", CultureInfo.InvariantCulture);
        var bodyHash = Convert.ToHexStringLower(SHA512.HashData(Utf8(Body)));
        var signature = Convert.ToBase64String(HMACSHA512.HashData(Utf8(Secret), Utf8($"POST\n{bodyHash}\n{contentType}\n{date}\n{Uri}")));
        return Load(
            IxopayScheme.SchemeName,
            new() { ["Secrets:0"] = Secret },
            Body,
            new() { [IxopayScheme.SignatureHeader] = signature, [IxopayScheme.DateHeader] = date, ["Content-Type"] = contentType });
    }

    private static SignedCallback Crypto2B()
    {
        const string publicKey = "pk_bench_gateway";
        const string recvWindow = "5000";
        var key = Utf8("secret-key-for-crypto2b-benchmarks");
        var timestamp = (ReceivedAt.ToUnixTimeMilliseconds() - 1000).ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA512.HashData(key, Utf8($"{timestamp}{recvWindow}POST{Uri}{Body}")));
        return Load(
            Crypto2BScheme.SchemeName,
            new() { ["Secrets:0"] = Convert.ToBase64String(key), ["PublicKey"] = publicKey },
            Body,
            new()
            {
                [Crypto2BScheme.KeyHeader] = publicKey,
                [Crypto2BScheme.TimestampHeader] = timestamp,
                [Crypto2BScheme.RecvWindowHeader] = recvWindow,
                [Crypto2BScheme.SignatureHeader] = signature,
            });
    }

    /// <summary>The "documented fields" vector of tests/Gateway.Tests/Fixtures/spell/vectors.json (116 bytes), signed by Node.</summary>
    private static SignedCallback Spell()
    {
        const string body = """{"callback":"cb_01HZX","event":"order.paid","order":"ord_42","timestamp":1717171717,"user":{"id":7,"email":"a@b.c"}}""";
        const string signature = "bffff6e96d4b674611fdbdb3f4a537de02ba9a688dfea2358a7ccedc1add25a7";
        return Load(SpellScheme.SchemeName, new() { ["Secrets:0"] = "spell-callback-secret" }, body, new() { [SpellScheme.SignatureHeader] = signature });
    }

    /// <summary>A JSON postback (323 bytes) whose token is an HS256 JWT made by hand for its invoice, expiring in 5 minutes.</summary>
    private static SignedCallback CryptoCloud()
    {
        const string secret = "cc-secret-key-4f9a1c2e7b3d8a6f5e0c9b2a";
        var signingInput = Base64Url(Utf8("""{"alg":"HS256","typ":"JWT"}""")) + "." + Base64Url(Utf8($$"""{"id":"INV-89UX09KA","exp":{{UnixSeconds(ReceivedAt.AddMinutes(5))}}}"""));
        var token = signingInput + "." + Base64Url(HMACSHA256.HashData(Utf8(secret), Utf8(signingInput)));
        var body = $$"""{"status":"success","invoice_id":"INV-89UX09KA","amount_crypto":125.5,"currency":"USDT_TRC20","order_id":"ORDER-2024-000193","invoice_info":{"uuid":"INV-89UX09KA","status":"paid"},"token":"{{token}}"}""";
        return Load(CryptoCloudScheme.SchemeName, new() { ["Secrets:0"] = secret }, body, new() { ["Content-Type"] = "application/json" });
    }

    /// <summary>Loads the policy through <see cref="CallbackSettingsLoader"/> and checks that the request verifies under it.</summary>
    private static SignedCallback Load(
        string scheme,
        Dictionary<string, string?> policy,
        string body,
        Dictionary<string, string> headers,
        DateTimeOffset? receivedAt = null,
        string[]? identity = null)
    {
        var prefix = $"{CallbackPolicyOptions.SectionName}:{PolicyName}:";
        var values = policy.ToDictionary(p => prefix + p.Key, p => p.Value);
        values[prefix + "Scheme"] = scheme;
        values[$"{GatewayOptions.SectionName}:{nameof(GatewayOptions.SigningKey)}"] = GatewaySigningKey;
        var selectors = identity ?? [];
        for (var i = 0; i < selectors.Length; i++)
        {
            values[$"{prefix}Dedup:Identity:{i}"] = selectors[i];
        }

        var settings = Loader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), out var errors)
            ?? throw new InvalidOperationException($"The {scheme} policy does not load: {string.Join("; ", errors)}");

        var requestHeaders = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            requestHeaders[name] = value;
        }

        var request = new CallbackRequest(HttpMethods.Post, Uri, requestHeaders, Utf8(body), receivedAt ?? ReceivedAt);
        var callback = new SignedCallback(settings, settings.Policies[PolicyName], request);
        var result = callback.Policy.Verifier.Verify(request);
        if (!result.IsVerified)
        {
            throw new InvalidOperationException($"The {scheme} request does not verify ({result.Status}: {result.Reason}); a benchmark would measure a rejection.");
        }

        return callback;
    }

    /// <summary><see cref="Body"/> with a padding field, exactly <paramref name="size"/> bytes.</summary>
    private static string Padded(int size)
    {
        var start = Body[..^1] + ",\"padding\":\"";
        return start + new string('x', size - start.Length - 2) + "\"}";
    }

    private static string UnixSeconds(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
