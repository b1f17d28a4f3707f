using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.Tests.Fixtures;

/// <summary>
/// Callback routes for every provider scheme, and callbacks signed the way each provider signs them: computed here with the
/// framework's primitives from the providers' documentation (PROVIDERS.md), never through the gateway's verifiers.
/// </summary>
public static class ProviderSigners
{
    public const string IxopaySecret = "ixopay-shared-secret";
    public const string IxopayPath = "/callbacks/ixopay";

    /// <summary>Where the Ixopay route sends its callbacks on the backend (a PathSet transform): the signature covers the public URI.</summary>
    public const string IxopayBackendPath = "/legacy/ixopay.php";

    public const string IxopayContentType = "application/json; charset=utf-8";
    public const string Crypto2BPublicKey = "c2b-public-key";
    public const string Crypto2BPath = "/callbacks/crypto2b";
    public const string StripeSecret = "whsec_stripe_test";
    public const string StripePath = "/callbacks/stripe";
    public const string SvixSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string SvixPath = "/callbacks/svix";
    public const string GitHubSecret = "It's a Secret to Everybody";
    public const string GitHubPath = "/callbacks/github";
    public const string SpellSecret = "spell-callback-secret"; // the secret of the Node-made vectors (Fixtures/spell)
    public const string SpellPath = "/callbacks/spell";
    public const string CryptoCloudSecret = "cryptocloud-project-secret-key-0123456789";
    public const string CryptoCloudPath = "/callbacks/cryptocloud";
    public const string Hs256Header = """{"typ":"JWT","alg":"HS256"}""";

    public static readonly string Crypto2BSecret = Convert.ToBase64String(Encoding.UTF8.GetBytes("crypto2b-api-secret-bytes"));

    /// <summary>Adds a callback route and policy per provider scheme (named after the scheme's route) to <paramref name="config"/>.</summary>
    public static JsonObject WithProviderRoutes(this JsonObject config) => config
        .WithCallbackRoute(
            "ixopay",
            IxopayPath,
            new JsonObject { ["Scheme"] = "Ixopay", ["Secrets"] = new JsonArray(IxopaySecret) },
            new JsonArray(new JsonObject { ["PathSet"] = IxopayBackendPath })) // the signature covers the public URI
        .WithCallbackRoute("crypto2b", Crypto2BPath, new JsonObject
        {
            ["Scheme"] = "Crypto2B", ["Secrets"] = new JsonArray(Crypto2BSecret), ["PublicKey"] = Crypto2BPublicKey,
        })
        .WithCallbackRoute("stripe", StripePath, new JsonObject { ["Scheme"] = "Stripe", ["Secrets"] = new JsonArray(StripeSecret) })
        .WithCallbackRoute("svix", SvixPath, new JsonObject { ["Scheme"] = "StandardWebhooks", ["Secrets"] = new JsonArray(SvixSecret) })
        .WithCallbackRoute("github", GitHubPath, new JsonObject { ["Scheme"] = "GitHub", ["Secrets"] = new JsonArray(GitHubSecret) })
        .WithCallbackRoute("spell", SpellPath, new JsonObject { ["Scheme"] = "Spell", ["Secrets"] = new JsonArray("old", SpellSecret) })
        .WithCallbackRoute("cryptocloud", CryptoCloudPath, new JsonObject { ["Scheme"] = "CryptoCloud", ["Secrets"] = new JsonArray(CryptoCloudSecret) });

    /// <summary>A JWT made by hand: base64url(header).base64url(payload).base64url(mac), the mac HMAC-SHA256 unless given.</summary>
    public static string Jwt(string secret, string payload, string header = Hs256Header, Func<byte[], byte[], byte[]>? mac = null)
    {
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header)) + "." + Base64Url(Encoding.UTF8.GetBytes(payload));
        var digest = (mac ?? HMACSHA256.HashData)(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signingInput));
        return signingInput + "." + Base64Url(digest);
    }

    /// <summary>A CryptoCloud token payload for <paramref name="invoiceId"/> expiring at <paramref name="expires"/> (default in 5 minutes).</summary>
    public static string CryptoCloudClaims(string invoiceId, DateTimeOffset? expires = null) =>
        $$"""{"id":"{{invoiceId}}","exp":{{(expires ?? DateTimeOffset.UtcNow.AddMinutes(5)).ToUnixTimeSeconds()}}}""";

    /// <summary>CryptoCloud's POSTBACK, as JSON or form fields.</summary>
    public static HttpRequestMessage CryptoCloud(string invoice, string token, bool form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, CryptoCloudPath);
        request.Content = form
            ? new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["status"] = "success", ["invoice_id"] = invoice, ["amount_crypto"] = "0.000113", ["currency"] = "BNB",
                ["order_id"] = "ORDER_93223", ["token"] = token,
            })
            : new StringContent(CryptoCloudJson(invoice, token), Encoding.UTF8, "application/json");
        return request;
    }

    public static string CryptoCloudJson(string invoice, string token) =>
        $$"""{"status":"success","invoice_id":"{{invoice}}","amount_crypto":0.000113,"currency":"BNB","order_id":"ORDER_93223","token":"{{token}}","invoice_info":{"uuid":"INV-{{invoice}}"} }""";

    /// <summary>
    /// IXOPAY: X-Signature = base64 HMAC-SHA512(secret, "{method}\n{hex hash(body)}\n{content type}\n{date}\n{uri}"), the body
    /// hash SHA-512 (MD5 from older senders); the Date header carries <paramref name="at"/> (default now).
    /// </summary>
    public static HttpRequestMessage Ixopay(
        string body,
        string uri,
        string? signedUri = null,
        DateTimeOffset? at = null,
        string secret = IxopaySecret,
        string signedMethod = "POST",
        bool md5 = false,
        string dateHeader = "Date")
    {
        var date = (at ?? DateTimeOffset.UtcNow).ToString("r", CultureInfo.InvariantCulture);
        var bodyBytes = Encoding.UTF8.GetBytes(body);
#pragma warning disable CA5351 // older IXOPAY senders hash the body with MD5; the test signs as they do
        var bodyHash = Convert.ToHexStringLower(md5 ? MD5.HashData(bodyBytes) : SHA512.HashData(bodyBytes));
#pragma warning restore CA5351
        var signed = $"{signedMethod}\n{bodyHash}\n{IxopayContentType}\n{date}\n{signedUri ?? uri}";
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body) };
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", IxopayContentType);
        request.Headers.TryAddWithoutValidation(dateHeader, date);
        request.Headers.Add("X-Signature", Convert.ToBase64String(HMACSHA512.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signed))));
        return request;
    }

    /// <summary>
    /// Crypto2B: base64 HMAC-SHA512(base64-decoded secret, timestamp + recvWindow + "POST" + path + body); the timestamp in
    /// Unix milliseconds of <paramref name="at"/> unless given as text.
    /// </summary>
    public static HttpRequestMessage Crypto2B(
        string body,
        string path = Crypto2BPath,
        string? signedPath = null,
        DateTimeOffset? at = null,
        string? timestamp = null,
        string window = "60000",
        string? secret = null,
        string publicKey = Crypto2BPublicKey)
    {
        timestamp ??= (at ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var signature = HMACSHA512.HashData(Convert.FromBase64String(secret ?? Crypto2BSecret), Encoding.UTF8.GetBytes(timestamp + window + "POST" + (signedPath ?? path) + body));
        var request = TestCallbacks.UnsignedRequest(body, path);
        request.Headers.Add("X-Processing-Key", publicKey);
        request.Headers.Add("X-Processing-Timestamp", timestamp);
        if (window.Length > 0)
        {
            request.Headers.Add("X-Processing-RecvWindow", window);
        }

        request.Headers.Add("X-Processing-Signature", Convert.ToBase64String(signature));
        return request;
    }

    /// <summary>Stripe's v1: hex HMAC-SHA256(secret, "{t}.{body}").</summary>
    public static string StripeV1(string t, string body, string secret = StripeSecret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}")));

    /// <summary>Stripe: Stripe-Signature: t={unix},v1={hex HMAC-SHA256(secret, "{t}.{body}")}; <paramref name="header"/> replaces the whole value.</summary>
    public static HttpRequestMessage Stripe(string body, DateTimeOffset? at = null, string secret = StripeSecret, string? header = null)
    {
        var t = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = TestCallbacks.UnsignedRequest(body, StripePath);
        request.Headers.TryAddWithoutValidation("Stripe-Signature", header ?? $"t={t},v1={StripeV1(t, body, secret)}");
        return request;
    }

    /// <summary>Standard Webhooks: base64 HMAC-SHA256(base64-decoded whsec, "{id}.{ts}.{body}").</summary>
    public static string StandardWebhooksSignature(string id, string ts, string body, string secret = SvixSecret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{id}.{ts}.{body}")));

    /// <summary>Standard Webhooks: webhook-signature: v1,{signature over <paramref name="signedId"/> (default the id sent)}; <paramref name="signatures"/> replaces the value.</summary>
    public static HttpRequestMessage StandardWebhooks(string id, string body, DateTimeOffset? at = null, string? signedId = null, string? signatures = null)
    {
        var ts = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = TestCallbacks.UnsignedRequest(body, SvixPath);
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", ts);
        request.Headers.TryAddWithoutValidation("webhook-signature", signatures ?? "v1," + StandardWebhooksSignature(signedId ?? id, ts, body));
        return request;
    }

    /// <summary>GitHub: X-Hub-Signature-256: sha256={hex HMAC-SHA256(secret, body)}.</summary>
    public static string GitHubSignature(string body, string secret = GitHubSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    public static HttpRequestMessage GitHub(string body, string? signature = null)
    {
        var request = TestCallbacks.UnsignedRequest(body, GitHubPath);
        request.Headers.TryAddWithoutValidation("X-Hub-Signature-256", signature ?? GitHubSignature(body));
        request.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString()); // unsigned: never the identity
        return request;
    }

    /// <summary>
    /// Spell for a flat object of string fields: the keys sorted, <c>key=value</c> joined with <c>&amp;</c> (JavaScript's
    /// <c>String(v)</c> of a string is the string), HMAC-SHA256 hex. The body lists the fields in the order given.
    /// </summary>
    public static HttpRequestMessage Spell(params (string Key, string Value)[] fields)
    {
        var body = new JsonObject();
        foreach (var (key, value) in fields)
        {
            body[key] = value;
        }

        var signed = string.Join('&', fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
        return SpellWithSignature(body.ToJsonString(), Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SpellSecret), Encoding.UTF8.GetBytes(signed))));
    }

    public static HttpRequestMessage SpellWithSignature(string body, string signature)
    {
        var request = TestCallbacks.UnsignedRequest(body, SpellPath);
        request.Headers.TryAddWithoutValidation("SPELL-Callback-Signature", signature);
        return request;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
