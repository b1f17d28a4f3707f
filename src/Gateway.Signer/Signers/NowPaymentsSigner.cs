using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gateway.Signer.Signers;

/// <summary>
/// NOWPayments IPN: <c>x-nowpayments-sig</c> = hex HMAC-SHA512(IPN secret, <c>JSON.stringify(sortObject(body))</c>), where
/// NOWPayments' documented <c>sortObject</c> sorts the keys at every level and turns arrays into objects keyed by index.
/// </summary>
internal sealed class NowPaymentsSigner : ISigner
{
    public const string SchemeName = "nowpayments";
    public const string SignatureHeader = "x-nowpayments-sig";

    public string Name => SchemeName;

    public string Description => $"{SignatureHeader}: hex HMAC-SHA512 of the body with its keys sorted at every level (JSON.stringify)";

    public SignedRequest Sign(SigningInput input)
    {
        var notes = new List<string>();
        var signed = SignedText(input.Body, notes);
        var signature = Digests.Hex(Digests.Hmac(System.Security.Cryptography.HashAlgorithmName.SHA512, Digests.Utf8(input.Secret), Digests.Utf8(signed)));
        return input.Signed(input.Body, notes, (SignatureHeader, signature));
    }

    /// <summary>The text NOWPayments signs: the body as JavaScript parses it, sorted by <c>sortObject</c>, then <c>JSON.stringify</c>.</summary>
    public static string SignedText(byte[] body, List<string> notes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new UsageException($"nowpayments: the body is not JSON ({e.Message}).");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException("nowpayments: the body must be a JSON object.");
            }

            var text = new StringBuilder();
            SortObject(text, document.RootElement, string.Empty, notes);
            return text.ToString();
        }
    }

    /// <summary>
    /// <c>sortObject</c>: the keys in <c>Array.prototype.sort</c> order (UTF-16 code units) inserted into a new object, which
    /// <c>JSON.stringify</c> then lists with its array-index keys first, numerically; arrays are objects keyed by index.
    /// </summary>
    private static void SortObject(StringBuilder text, JsonElement value, string path, List<string> notes)
    {
        if (value.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            text.Append('{');
            foreach (var item in value.EnumerateArray())
            {
                if (index > 0)
                {
                    text.Append(',');
                }

                text.Append('"').Append(index.ToString(CultureInfo.InvariantCulture)).Append("\":");
                SortObject(text, item, $"{path}/{index}", notes);
                index++;
            }

            text.Append('}');
            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            text.Append(JavaScript.Stringify(value, path, notes));
            return;
        }

        var properties = JavaScript.Properties(value, path, notes);
        properties.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var ordered = properties.Where(p => IsArrayIndex(p.Key)).OrderBy(p => uint.Parse(p.Key, CultureInfo.InvariantCulture))
            .Concat(properties.Where(p => !IsArrayIndex(p.Key)));
        text.Append('{');
        var first = true;
        foreach (var (key, item) in ordered)
        {
            if (key == "__proto__")
            {
                notes.Add($"{path}/__proto__ is left out: sortObject's assignment sets the prototype instead.");
                continue;
            }

            text.Append(first ? string.Empty : ",");
            first = false;
            JavaScript.Quote(text, key);
            text.Append(':');
            SortObject(text, item, $"{path}/{key}", notes);
        }

        text.Append('}');
    }

    private static bool IsArrayIndex(string key) =>
        uint.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
        && index != uint.MaxValue
        && index.ToString(CultureInfo.InvariantCulture) == key;
}
