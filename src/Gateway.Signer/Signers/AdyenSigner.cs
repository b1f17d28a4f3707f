using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Signer.Signers;

/// <summary>
/// Adyen standard webhooks: sets each <c>notificationItems[].NotificationRequestItem.additionalData.hmacSignature</c> to the
/// base64 HMAC-SHA256, keyed with the hex-decoded HMAC key, of
/// <c>pspReference:originalReference:merchantAccountCode:merchantReference:value:currency:eventCode:success</c>.
/// </summary>
internal sealed class AdyenSigner : ISigner
{
    public const string SchemeName = "adyen";

    private static readonly string[] ItemFields = ["pspReference", "originalReference", "merchantAccountCode", "merchantReference"];

    private static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Name => SchemeName;

    public string Description => "sets each notification item's additionalData.hmacSignature (base64 HMAC-SHA256, hex key, of its eight signed fields)";

    public SignedRequest Sign(SigningInput input)
    {
        byte[] key;
        try
        {
            key = Convert.FromHexString(input.Secret);
        }
        catch (FormatException)
        {
            throw new UsageException("adyen: the secret must be the hex HMAC key from the Customer Area (the key is its decoded bytes).");
        }

        var body = Parse(input.Body);
        foreach (var entry in body["notificationItems"]!.AsArray())
        {
            var item = entry?["NotificationRequestItem"] as JsonObject
                ?? throw new UsageException("adyen: every notificationItems entry must hold a NotificationRequestItem object.");
            var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Digests.Utf8(SignedString(item))));
            if (item["additionalData"] is not JsonObject additional)
            {
                item["additionalData"] = additional = [];
            }

            additional["hmacSignature"] = signature;
        }

        return input.Signed(Digests.Utf8(body.ToJsonString(Output)), []);
    }

    /// <summary>The eight fields joined with ':' as JavaScript's <c>Array.join</c> writes them (null or missing as empty).</summary>
    public static string SignedString(JsonObject item)
    {
        var amount = item["amount"] as JsonObject ?? throw new UsageException("adyen: a notification item has no amount object.");
        string?[] parts =
        [
            .. ItemFields.Select(f => Text(item[f])),
            Text(amount["value"]),
            Text(amount["currency"]),
            Text(item["eventCode"]),
            Text(item["success"]),
        ];
        return string.Join(':', parts);
    }

    private static string Text(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => string.Empty,
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.Number => JavaScript.NumberToString(double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw new UsageException("adyen: a signed field is an object or array; Adyen signs only strings, numbers and booleans."),
    };

    private static JsonObject Parse(byte[] body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject root && root["notificationItems"] is JsonArray)
            {
                return root;
            }
        }
        catch (JsonException)
        {
        }

        throw new UsageException("adyen: the body must be a notification: a JSON object with a notificationItems array.");
    }
}
