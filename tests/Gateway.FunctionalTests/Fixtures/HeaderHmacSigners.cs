using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.Tests.Fixtures;

/// <summary>
/// Callback routes for the header-HMAC presets (Razorpay … Twilio), and callbacks signed the way each provider signs them,
/// computed here with the framework's HMAC from the providers' documentation, never through the gateway's verifiers.
/// </summary>
public static class HeaderHmacSigners
{
    /// <summary>The public URL the URL-signing senders (Square, Twilio) are configured with; the test client calls 127.0.0.1.</summary>
    public const string PublicBase = "https://hooks.example.com";

    private const string TwilioDuplicateAnswer = """<?xml version="1.0" encoding="UTF-8"?><Response></Response>""";

    /// <summary>Every preset by its route (and policy) name.</summary>
    public static IReadOnlyDictionary<string, Preset> Presets { get; } = new Preset[]
    {
        new("razorpay", "Razorpay", "razorpay-secret", BodyEvent("""{"entity":"event","event":"payment.captured","payload":{"payment":{"entity":{"id":"pay_{id}"}}}}"""), Body("X-Razorpay-Signature", HMACSHA256.HashData, Hex)),
        new("paystack", "Paystack", "sk_test_paystack", BodyEvent("""{"event":"charge.success","data":{"id":302961,"reference":"{id}"}}"""), Body("x-paystack-signature", HMACSHA512.HashData, Hex)),
        new("shopify", "Shopify", "shpss_secret", BodyEvent("""{"id":"{id}","email":"jon@example.com","total_price":"403.00"}"""), Body("X-Shopify-Hmac-Sha256", HMACSHA256.HashData, Convert.ToBase64String)),
        new("checkoutcom", "CheckoutCom", "cko-signature-key", IdEvent("""{"id":"evt_{id}","type":"payment_approved","data":{"amount":6540}}""", "evt_"), Body("Cko-Signature", HMACSHA256.HashData, Hex)),
        new("coinbasecommerce", "CoinbaseCommerce", "cc-shared-secret", CoinbaseEvent, Body("X-CC-Webhook-Signature", HMACSHA256.HashData, Hex)),
        new("btcpayserver", "BTCPayServer", "btcpay-secret", BtcPayEvent, Body("BTCPay-Sig", HMACSHA256.HashData, Hex, "sha256=")),
        new("alchemy", "Alchemy", "whsec_alchemy", IdEvent("""{"webhookId":"wh_1","id":"whevt_{id}","type":"ADDRESS_ACTIVITY","event":{}}""", "whevt_"), Body("X-Alchemy-Signature", HMACSHA256.HashData, Hex)),
        new("worldline", "Worldline", "worldline-secret-key", IdEvent("""{"apiVersion":"v1","id":"{id}","merchantId":"20000","type":"payment.created"}""", string.Empty), Body("X-GCS-Signature", HMACSHA256.HashData, Convert.ToBase64String)),
        new("mollie", "Mollie", "mollie-signing-secret", IdEvent("""{"resource":"event","id":"event_{id}","type":"payment-link.paid"}""", "event_"), Body("X-Mollie-Signature", HMACSHA256.HashData, Hex, "sha256=")),
        new("slack", "Slack", "slack-signing-secret", BodyEvent("""{"type":"event_callback","event_id":"Ev{id}","event":{"type":"app_mention"}}"""), Slack),
        new("paddle", "Paddle", "pdl_ntfset_secret", IdEvent("""{"event_id":"evt_{id}","event_type":"transaction.paid","data":{}}""", "evt_"), Paddle),
        new("square", "Square", "square-signature-key", IdEvent("""{"merchant_id":"6SSW7HV8K2ST5","type":"payment.updated","event_id":"{id}"}""", string.Empty), Square, Query: "?shop=1"),
        new("twilio", "Twilio", "twilio-auth-token-0123456789abcdef", TwilioEvent, Twilio, DuplicateBody: TwilioDuplicateAnswer, DuplicateContentType: "text/xml"),
    }.ToDictionary(p => p.Name);

    /// <summary>Adds a route at <c>/callbacks/{name}</c> and its policy for every preset, each with a rotated-out secret first.</summary>
    public static JsonObject WithHeaderHmacRoutes(this JsonObject config)
    {
        foreach (var preset in Presets.Values)
        {
            var policy = new JsonObject { ["Scheme"] = preset.Scheme, ["Secrets"] = new JsonArray("an-old-secret", preset.Secret) };
            if (preset.Scheme is "Square" or "Twilio")
            {
                policy["NotificationUrl"] = PublicBase + preset.Path;
            }

            config.WithCallbackRoute(preset.Name, preset.Path, policy);
        }

        return config;
    }

    /// <summary>The SHA-256 identity the gateway gives an event it identifies by the body's hash.</summary>
    public static string BodyHash(string body) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));

    /// <summary>Twilio's signed string: the URL, then each form parameter's name and value, sorted by name.</summary>
    public static string TwilioSignedString(string url, IEnumerable<(string Name, string Value)> fields) =>
        url + string.Concat(fields.OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => f.Name + f.Value));

    /// <summary>Twilio's identity: the SHA-256 of the signed string, since its parameters can be re-partitioned.</summary>
    public static string TwilioIdentity(string url, IEnumerable<(string Name, string Value)> fields) =>
        "twilio:s256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(TwilioSignedString(url, fields))));

    /// <summary>A Twilio form body, each field percent-escaped.</summary>
    public static string TwilioForm(IEnumerable<(string Name, string Value)> fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value)));

    /// <summary>A Twilio request: X-Twilio-Signature = base64 HMAC-SHA1(token, signed string) over <paramref name="signedUrl"/>.</summary>
    public static HttpRequestMessage TwilioRequest(string path, string secret, IReadOnlyList<(string Name, string Value)> fields, string signedUrl, string? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body ?? TwilioForm(fields), Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
#pragma warning disable CA5350 // Twilio signs with HMAC-SHA1 under the Auth Token; the test signs as it does.
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(TwilioSignedString(signedUrl, fields)));
#pragma warning restore CA5350
        request.Headers.Add("X-Twilio-Signature", Convert.ToBase64String(mac));
        return request;
    }

    private static string Hex(byte[] digest) => Convert.ToHexStringLower(digest);

    private static string NewId() => RandomNumberGenerator.GetHexString(16, lowercase: true);

    private static Func<SignedEvent> BodyEvent(string template) => () =>
    {
        var id = NewId();
        var body = template.Replace("{id}", id, StringComparison.Ordinal);
        return new SignedEvent(body, BodyHash(body), id);
    };

    private static Func<SignedEvent> IdEvent(string template, string idPrefix) => () =>
    {
        var id = NewId();
        return new SignedEvent(template.Replace("{id}", id, StringComparison.Ordinal), idPrefix + id, id);
    };

    /// <summary>A retry carries the next attempt_number: another body, the same event.</summary>
    private static SignedEvent CoinbaseEvent()
    {
        var id = NewId();
        string Body(int attempt) => $$"""{"attempt_number":{{attempt}},"event":{"id":"{{id}}","type":"charge:confirmed","resource":"event"},"id":"{{NewId()}}"}""";
        return new SignedEvent(Body(1), id, id, Body(2));
    }

    /// <summary>A redelivery has a new deliveryId and the first one's as originalDeliveryId.</summary>
    private static SignedEvent BtcPayEvent()
    {
        var id = NewId();
        string Body(string delivery, bool redelivery) => $$"""{"deliveryId":"{{delivery}}","webhookId":"wh1","originalDeliveryId":"{{id}}","isRedelivery":{{(redelivery ? "true" : "false")}},"type":"InvoiceSettled","invoiceId":"inv1"}""";
        return new SignedEvent(Body(id, redelivery: false), id, id, Body(NewId(), redelivery: true));
    }

    private static SignedEvent TwilioEvent()
    {
        var id = "SM" + NewId() + NewId();
        (string, string)[] fields = [("AccountSid", "AC0000"), ("MessageSid", id), ("MessageStatus", "delivered"), ("To", "+15550002222")];
        return new SignedEvent(TwilioForm(fields), TwilioIdentity(PublicBase + "/callbacks/twilio", fields), id);
    }

    private static Func<Preset, string, HttpRequestMessage> Body(string header, Func<byte[], byte[], byte[]> hmac, Func<byte[], string> encode, string prefix = "") =>
        (preset, body) => WithHeaders(preset.Path, body, (header, prefix + encode(hmac(Encoding.UTF8.GetBytes(preset.Secret), Encoding.UTF8.GetBytes(body)))));

    private static HttpRequestMessage Slack(Preset preset, string body)
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(preset.Secret), Encoding.UTF8.GetBytes($"v0:{ts}:{body}"));
        return WithHeaders(preset.Path, body, ("X-Slack-Request-Timestamp", ts), ("X-Slack-Signature", "v0=" + Hex(mac)));
    }

    private static HttpRequestMessage Paddle(Preset preset, string body)
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(preset.Secret), Encoding.UTF8.GetBytes($"{ts}:{body}"));
        return WithHeaders(preset.Path, body, ("Paddle-Signature", $"ts={ts};h1={Hex(mac)}"));
    }

    private static HttpRequestMessage Square(Preset preset, string body)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(preset.Secret), Encoding.UTF8.GetBytes(PublicBase + preset.Path + preset.Query + body));
        return WithHeaders(preset.Path + preset.Query, body, ("x-square-hmacsha256-signature", Convert.ToBase64String(mac)));
    }

    private static HttpRequestMessage Twilio(Preset preset, string body)
    {
        var fields = body.Split('&').Select(f => f.Split('=')).Select(f => (Uri.UnescapeDataString(f[0]), Uri.UnescapeDataString(f[1]))).ToList();
        return TwilioRequest(preset.Path, preset.Secret, fields, PublicBase + preset.Path, body);
    }

    private static HttpRequestMessage WithHeaders(string path, string body, params (string Name, string Value)[] headers)
    {
        var request = TestCallbacks.UnsignedRequest(body, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>One preset: its route and policy, how a fresh event looks and how the provider signs it, and the duplicate answer it expects.</summary>
    public sealed record Preset(
        string Name,
        string Scheme,
        string Secret,
        Func<SignedEvent> NewEvent,
        Func<Preset, string, HttpRequestMessage> Signer,
        string Query = "",
        string DuplicateBody = "",
        string DuplicateContentType = "")
    {
        public string Path => "/callbacks/" + Name;

        public HttpRequestMessage Sign(string body) => Signer(this, body);
    }

    /// <summary>A fresh event: its body, the identity the gateway must give it, a token of its body to tamper with, and the body a retry carries.</summary>
    public sealed record SignedEvent(string Body, string Identity, string Token, string? ResentBody = null);
}
