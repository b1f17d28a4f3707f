using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.Tests.Fixtures;

/// <summary>
/// Callback routes for the body-signed schemes (NowPayments, Adyen, Cryptomus, Heleket) and callbacks signed the way each of
/// those providers signs them, computed here with the framework's primitives from the providers' documentation, never
/// through the gateway's verifiers. The bodies are written already in the provider's canonical form (keys sorted, compact,
/// ASCII), so what is signed is plain to see.
/// </summary>
public static class BodySignedSigners
{
    public const string NowPaymentsSecret = "nowpayments-ipn-secret";
    public const string NowPaymentsPath = "/callbacks/nowpayments";
    public const string AdyenHmacKey = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";
    public const string AdyenPath = "/callbacks/adyen";
    public const string CryptomusKey = "cryptomus-payment-api-key";
    public const string CryptomusPath = "/callbacks/cryptomus";
    public const string HeleketKey = "heleket-payment-api-key";
    public const string HeleketPath = "/callbacks/heleket";
    public const string CoinPaymentsSecret = "coinpayments-ipn-secret";
    public const string CoinPaymentsMerchant = "0f2b6b0c5b3e4f1a9c8d7e6f5a4b3c2d";
    public const string CoinPaymentsPath = "/callbacks/coinpayments";
    public const string PlisioSecret = "plisio-secret-key";
    public const string PlisioPath = "/callbacks/plisio";

    /// <summary>Adds a callback route and policy per body-signed scheme to <paramref name="config"/>.</summary>
    public static JsonObject WithBodySignedRoutes(this JsonObject config) => config
        .WithCallbackRoute("nowpayments", NowPaymentsPath, new JsonObject { ["Scheme"] = "NowPayments", ["Secrets"] = new JsonArray("old-ipn-secret", NowPaymentsSecret) })
        .WithCallbackRoute("adyen", AdyenPath, new JsonObject { ["Scheme"] = "Adyen", ["Secrets"] = new JsonArray(AdyenHmacKey) })
        .WithCallbackRoute("cryptomus", CryptomusPath, new JsonObject { ["Scheme"] = "Cryptomus", ["Secrets"] = new JsonArray(CryptomusKey) })
        .WithCallbackRoute("heleket", HeleketPath, new JsonObject { ["Scheme"] = "Heleket", ["Secrets"] = new JsonArray("retired-key", HeleketKey) })
        .WithCallbackRoute("coinpayments", CoinPaymentsPath, new JsonObject
        {
            ["Scheme"] = "CoinPayments", ["Secrets"] = new JsonArray(CoinPaymentsSecret), ["MerchantId"] = CoinPaymentsMerchant,
        })
        .WithCallbackRoute("plisio", PlisioPath, new JsonObject { ["Scheme"] = "Plisio", ["Secrets"] = new JsonArray(PlisioSecret) });

    /// <summary>
    /// NOWPayments IPN: <c>x-nowpayments-sig</c> = hex HMAC-SHA512(IPN secret, the body with its keys sorted, compact).
    /// <paramref name="sortedBody"/> must already be that text; <paramref name="sent"/> is what goes on the wire (default the same).
    /// </summary>
    public static HttpRequestMessage NowPayments(string sortedBody, string? sent = null, string secret = NowPaymentsSecret)
    {
        var signature = Convert.ToHexStringLower(HMACSHA512.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(sortedBody)));
        var request = TestCallbacks.UnsignedRequest(sent ?? sortedBody, NowPaymentsPath);
        request.Headers.Add("x-nowpayments-sig", signature);
        return request;
    }

    /// <summary>One Adyen notification item's signed fields, as strings (Adyen sends the amount's value as a number).</summary>
    public sealed record AdyenItem(string PspReference, string EventCode, string Success, long Value = 1130, string MerchantReference = "order-1");

    /// <summary>
    /// Adyen standard webhook: each item's additionalData.hmacSignature = base64 HMAC-SHA256(hex-decoded key,
    /// "pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success");
    /// <paramref name="change"/> edits the body after signing.
    /// </summary>
    public static HttpRequestMessage Adyen(IEnumerable<AdyenItem> items, Action<JsonObject>? change = null, string key = AdyenHmacKey)
    {
        var notificationItems = new JsonArray();
        foreach (var item in items)
        {
            var signed = $"{item.PspReference}::TestMerchant:{item.MerchantReference}:{item.Value}:EUR:{item.EventCode}:{item.Success}";
            var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromHexString(key), Encoding.UTF8.GetBytes(signed)));
            notificationItems.Add(new JsonObject
            {
                ["NotificationRequestItem"] = new JsonObject
                {
                    ["additionalData"] = new JsonObject { ["hmacSignature"] = signature },
                    ["amount"] = new JsonObject { ["currency"] = "EUR", ["value"] = item.Value },
                    ["eventCode"] = item.EventCode,
                    ["merchantAccountCode"] = "TestMerchant",
                    ["merchantReference"] = item.MerchantReference,
                    ["pspReference"] = item.PspReference,
                    ["success"] = item.Success,
                },
            });
        }

        var body = new JsonObject { ["live"] = "false", ["notificationItems"] = notificationItems };
        change?.Invoke(body);
        return TestCallbacks.UnsignedRequest(body.ToJsonString(), AdyenPath);
    }

    /// <summary>
    /// Cryptomus/Heleket webhook: <c>sign</c> = hex md5(base64(<paramref name="phpRendering"/>) + API key) appended to the body.
    /// <paramref name="phpRendering"/> must be PHP's json_encode($data, JSON_UNESCAPED_UNICODE) of the data (compact, <c>\/</c>);
    /// <paramref name="sent"/> is the data as written on the wire (default the same), to which sign is appended.
    /// </summary>
    public static HttpRequestMessage Cryptomus(string phpRendering, string? sent = null, string key = CryptomusKey, string path = CryptomusPath)
    {
#pragma warning disable CA5351 // Cryptomus signs with MD5
        var sign = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(phpRendering)) + key)));
#pragma warning restore CA5351
        var data = (sent ?? phpRendering).TrimEnd();
        return TestCallbacks.UnsignedRequest(data[..^1] + ",\"sign\":\"" + sign + "\"}", path);
    }

    /// <summary>CoinPayments IPN: header HMAC = hex HMAC-SHA512(IPN secret, raw form body); <paramref name="sent"/> replaces the body after signing.</summary>
    public static HttpRequestMessage CoinPayments(string form, string? sent = null, string secret = CoinPaymentsSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, CoinPaymentsPath)
        {
            Content = new StringContent(sent ?? form, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("HMAC", Convert.ToHexStringLower(HMACSHA512.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(form))));
        return request;
    }

    /// <summary>
    /// Plisio: verify_hash = hex HMAC-SHA1(secret key, PHP serialize() of the fields sorted by name), appended to the form.
    /// The fields must be plain ASCII (no URL encoding needed); <paramref name="sent"/> edits the form after signing.
    /// </summary>
    public static HttpRequestMessage Plisio((string Name, string Value)[] fields, Func<string, string>? sent = null)
    {
        var serialized = new StringBuilder($"a:{fields.Length}:{{");
        foreach (var (name, value) in fields.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            serialized.Append($"s:{name.Length}:\"{name}\";s:{value.Length}:\"{value}\";");
        }

#pragma warning disable CA5350 // Plisio signs with HMAC-SHA1
        var hash = Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(PlisioSecret), Encoding.UTF8.GetBytes(serialized.Append('}').ToString())));
#pragma warning restore CA5350
        var form = string.Join('&', fields.Select(f => $"{f.Name}={f.Value}")) + "&verify_hash=" + hash;
        return new HttpRequestMessage(HttpMethod.Post, PlisioPath)
        {
            Content = new StringContent((sent ?? (f => f))(form), Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
    }
}
