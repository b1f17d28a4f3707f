using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gateway.Signer.Signers;

/// <summary>
/// Cryptomus (and Heleket, <see cref="HeleketSigner"/>): sends the body as PHP's <c>json_encode($data, JSON_UNESCAPED_UNICODE)</c>
/// with <c>sign</c> = hex <c>md5(base64_encode(json_encode($data, JSON_UNESCAPED_UNICODE)) . $apiKey)</c> appended, as the
/// provider's PHP sends it. PHP's rendering: compact, <c>\/</c>, non-ASCII as it is except U+2028/U+2029, floats in their
/// shortest form (<c>1.0e+25</c> past 17 digits or below 0.0001).
/// </summary>
internal class CryptomusSigner : ISigner
{
    public const string SignField = "sign";

    public virtual string Name => "cryptomus";

    public string Description => $"appends {SignField} = md5(base64(PHP json_encode of the body, JSON_UNESCAPED_UNICODE) . API key) to the body";

    public SignedRequest Sign(SigningInput input)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(input.Body);
        }
        catch (JsonException e)
        {
            throw new UsageException($"{Name}: the body is not JSON ({e.Message}).");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException($"{Name}: the body must be a JSON object.");
            }

            var data = new StringBuilder();
            var notes = new List<string>();
            Encode(data, document.RootElement, string.Empty, notes);
            var encoded = data.ToString();
#pragma warning disable CA5351 // Cryptomus signs with MD5; the signer reproduces it.
            var sign = Digests.Hex(MD5.HashData(Digests.Utf8(Convert.ToBase64String(Digests.Utf8(encoded)) + input.Secret)));
#pragma warning restore CA5351
            var body = encoded == "[]" ? $"{{\"{SignField}\":\"{sign}\"}}" : encoded[..^1] + $",\"{SignField}\":\"{sign}\"}}";
            return input.Signed(Digests.Utf8(body), notes);
        }
    }

    /// <summary>Appends PHP's json_encode of the value json_decode($json, true) makes of <paramref name="value"/>.</summary>
    private static void Encode(StringBuilder text, JsonElement value, string path, List<string> notes)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = value.EnumerateObject().Where(p => !(path.Length == 0 && p.Name == SignField)).ToList();
                var isList = properties.Select((p, i) => p.Name == i.ToString(CultureInfo.InvariantCulture)).All(b => b);
                if (isList)
                {
                    notes.Add($"{(path.Length == 0 ? "/" : path)} is an object PHP writes as a list: sent and signed as one.");
                    Encode(text, properties.Select(p => p.Value), path, notes);
                    return;
                }

                text.Append('{');
                for (var i = 0; i < properties.Count; i++)
                {
                    text.Append(i == 0 ? string.Empty : ",");
                    Quote(text, properties[i].Name);
                    text.Append(':');
                    Encode(text, properties[i].Value, $"{path}/{properties[i].Name}", notes);
                }

                text.Append('}');
                return;
            case JsonValueKind.Array:
                Encode(text, value.EnumerateArray(), path, notes);
                return;
            case JsonValueKind.String:
                Quote(text, value.GetString()!);
                return;
            case JsonValueKind.Number:
                text.Append(Number(value.GetRawText()));
                return;
            default:
                text.Append(value.GetRawText());
                return;
        }
    }

    private static void Encode(StringBuilder text, IEnumerable<JsonElement> items, string path, List<string> notes)
    {
        text.Append('[');
        var index = 0;
        foreach (var item in items)
        {
            text.Append(index == 0 ? string.Empty : ",");
            Encode(text, item, $"{path}/{index++}", notes);
        }

        text.Append(']');
    }

    /// <summary>An integer within 64 bits as it is; any other number as a PHP float: shortest digits, exponent form outside 1e-4…1e17.</summary>
    private static string Number(string raw)
    {
        if (!raw.AsSpan().ContainsAny(".eE") && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        var value = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            throw new UsageException($"{raw} overflows a double; PHP's json_encode cannot write it.");
        }

        if (value == 0)
        {
            return 1 / value < 0 ? "-0" : "0";
        }

        // "E16" gives 17 significant digits in scientific form; the shortest round-trip digits come from "R".
        var scientific = Math.Abs(value).ToString("E16", CultureInfo.InvariantCulture);
        var exponent = int.Parse(scientific.AsSpan(scientific.IndexOf('E') + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var digits = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture).Split('E')[0].Replace(".", string.Empty, StringComparison.Ordinal).Trim('0');
        var sign = value < 0 ? "-" : string.Empty;
        if (exponent < -4 || exponent >= 17)
        {
            return $"{sign}{digits[0]}.{(digits.Length > 1 ? digits[1..] : "0")}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent)}";
        }

        return sign + decimal.Parse(Math.Abs(value).ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture)
            .ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>PHP's string escaping with JSON_UNESCAPED_UNICODE.</summary>
    private static void Quote(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '/' => "\\/",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' or '\u2028' or '\u2029' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        text.Append('"');
    }
}

/// <summary>Heleket: signed exactly as Cryptomus (<see cref="CryptomusSigner"/>).</summary>
internal sealed class HeleketSigner : CryptomusSigner
{
    public override string Name => "heleket";
}
