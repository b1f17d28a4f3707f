using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Configuration;

namespace Gateway.Verification;

/// <summary>
/// Adyen standard (payment) webhooks: every <c>notificationItems[].NotificationRequestItem</c> carries its own signature in
/// <c>additionalData.hmacSignature</c> = base64 HMAC-SHA256, keyed with the hex-decoded HMAC key, of
/// <c>pspReference:originalReference:merchantAccountCode:merchantReference:amount.value:amount.currency:eventCode:success</c>
/// (a missing or null field as empty, numbers and booleans as JavaScript prints them, nothing escaped), as Adyen's libraries
/// compute it. Every item must verify. No timestamp is signed. Only those eight fields are signed: the identity is each
/// item's <c>pspReference</c>, <c>eventCode</c> and <c>success</c>, and no other body field is trusted. Adyen expects
/// <c>[accepted]</c>, which is also the answer to a duplicate.
/// </summary>
/// <remarks>
/// The signed string escapes no ':', so a value holding ':' can be re-partitioned into other fields under the same
/// signature (<c>merchantReference "r:1:EUR:REFUND:false"</c> signs like <c>merchantReference "r"</c>, value 1 and eventCode
/// <c>REFUND</c>). Adyen's own references, codes, amounts and flags never hold ':'; only the merchant's
/// <c>merchantReference</c> may. So an item is refused when any other signed field holds ':': the string then splits one
/// way only, and two bodies signing the same strings have the same identity. Also refused: a signed field that is an object
/// or array (JavaScript would sign <c>[object Object]</c>), a lone surrogate in one (signed as U+FFFD, like any other), an
/// item without pspReference or eventCode, duplicate keys and bytes that are not UTF-8.
/// </remarks>
internal sealed class AdyenScheme : ISignatureScheme
{
    public const string SchemeName = "Adyen";
    public const string ItemsField = "notificationItems";
    public const string ItemField = "NotificationRequestItem";
    public const string SignatureField = "hmacSignature";
    public const string AcceptedAnswer = "[accepted]";

    /// <summary>The item fields in signing order; index <see cref="MerchantReference"/> is the one allowed to hold ':'.</summary>
    private static readonly string[] SignedFields =
        ["pspReference", "originalReference", "merchantAccountCode", "merchantReference", "amount.value", "amount.currency", "eventCode", "success"];

    private const int PspReference = 0;
    private const int MerchantReference = 3;
    private const int EventCode = 6;
    private const int Success = 7;

    public string Name => SchemeName;

    public ISignatureVerifier Create(SchemeContext context)
    {
        var keys = new List<byte[]>();
        for (var i = 0; i < context.Options.Secrets.Count; i++)
        {
            var secret = context.Options.Secrets[i];
            if (secret.Length == 0 || secret.Length % 2 != 0 || !secret.All(char.IsAsciiHexDigit))
            {
                context.Error($"Secrets:{i} is not an Adyen HMAC key: it must be hex (the key is its decoded bytes).");
                continue;
            }

            keys.Add(Convert.FromHexString(secret));
        }

        return new Verifier([.. keys]);
    }

    /// <summary>
    /// Writes one item's signed string into <paramref name="content"/> and reads its identity parts; returns null, or why
    /// the item cannot be verified unambiguously.
    /// </summary>
    internal static string? TryBuildSignedString(JsonElement item, ref ContentBuilder content, Span<string?> identity)
    {
        if (!item.TryGetProperty("amount", out var amount) || amount.ValueKind != JsonValueKind.Object)
        {
            return "item has no amount object"; // Adyen's library throws on it
        }

        for (var i = 0; i < SignedFields.Length; i++)
        {
            if (i > 0)
            {
                content.Append(":"u8);
            }

            var name = SignedFields[i];
            var present = name.StartsWith("amount.", StringComparison.Ordinal)
                ? amount.TryGetProperty(name["amount.".Length..], out var value)
                : item.TryGetProperty(name, out value);
            var start = content.Written.Length;
            if (present && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            {
                if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    return "a signed field is not a string, number or boolean";
                }

                // Array.prototype.join writes String(value). Strict: a lone surrogate would sign as U+FFFD like any other,
                // and a number not spelled as JavaScript prints it (1130.0) like the one that is.
                var problem = JavaScriptText.WriteString(value, ref content, strict: true);
                if (problem != JavaScriptTextProblem.None)
                {
                    return problem == JavaScriptTextProblem.LoneSurrogate
                        ? "a signed field holds a lone surrogate"
                        : "a signed number is not written as JavaScript writes it";
                }
            }

            var written = content.Written[start..];
            if (i != MerchantReference && written.Contains((byte)':'))
            {
                return "a signed field other than merchantReference holds ':', so the signed string could be split into other fields";
            }

            if (i is PspReference or EventCode or Success)
            {
                identity[i == PspReference ? 0 : i == EventCode ? 1 : 2] = Encoding.UTF8.GetString(written);
            }
        }

        return string.IsNullOrEmpty(identity[0]) || string.IsNullOrEmpty(identity[1]) ? "item has no pspReference or eventCode" : null;
    }

    private sealed class Verifier(byte[][] keys) : ISignatureVerifier
    {
        private readonly DuplicateResponseOptions _duplicateResponse = new() { StatusCode = StatusCodes.Status200OK, Body = AcceptedAnswer };

        /// <summary>Only eight fields of each item are signed: no body field may identify the event by pointer.</summary>
        public bool SignsBody => false;

        public DuplicateResponseOptions DefaultDuplicateResponse => _duplicateResponse;

        public VerificationResult Verify(in CallbackRequest request)
        {
            var invalid = JsonObjectBody.TryParse(request.Body, requireUtf8: true, refuseDuplicates: true, out var document);
            if (invalid is not null)
            {
                return VerificationResult.Malformed(invalid);
            }

            using (document)
            {
                if (!document!.RootElement.TryGetProperty(ItemsField, out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0)
                {
                    return VerificationResult.Malformed($"body has no {ItemsField}");
                }

                var identities = new List<string[]>(items.GetArrayLength());
                foreach (var entry in items.EnumerateArray())
                {
                    if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty(ItemField, out var item) || item.ValueKind != JsonValueKind.Object)
                    {
                        return VerificationResult.Malformed($"an entry of {ItemsField} has no {ItemField}");
                    }

                    var result = VerifyItem(item, out var identity);
                    if (!result.IsVerified)
                    {
                        return result;
                    }

                    identities.Add(identity);
                }

                // The items' order is not signed: sorted, the same items identify the same event whatever their order.
                identities.Sort((a, b) => string.CompareOrdinal(string.Join('\0', a), string.Join('\0', b)));
                return VerificationResult.VerifiedAs([.. identities.SelectMany(i => i)]);
            }
        }

        private VerificationResult VerifyItem(JsonElement item, out string[] identity)
        {
            identity = new string[3];
            if (!item.TryGetProperty("additionalData", out var additional)
                || additional.ValueKind != JsonValueKind.Object
                || !additional.TryGetProperty(SignatureField, out var signature)
                || signature.ValueKind != JsonValueKind.String)
            {
                return VerificationResult.Invalid($"an item has no additionalData.{SignatureField}");
            }

            Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
            if (!SignatureMath.TryDecode(signature.GetString(), DigestEncoding.Base64, expected, out var length) || length != HMACSHA256.HashSizeInBytes)
            {
                return VerificationResult.Malformed($"an item's {SignatureField} is not a base64 HMAC-SHA256");
            }

            var content = new ContentBuilder(256);
            try
            {
                Span<string?> parts = new string?[3];
                var problem = TryBuildSignedString(item, ref content, parts);
                if (problem is not null)
                {
                    return VerificationResult.Malformed(problem);
                }

                if (!SignatureMath.AnyKeyMatches(keys, expected, content.Written, static (key, data, destination) => HMACSHA256.HashData(key, data, destination)))
                {
                    return VerificationResult.Invalid("an item's signature does not match");
                }

                identity = [parts[0]!, parts[1]!, parts[2]!];
                return VerificationResult.Verified();
            }
            finally
            {
                content.Dispose();
            }
        }
    }
}
