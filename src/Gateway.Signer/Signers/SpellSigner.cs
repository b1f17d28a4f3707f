using System.Text.Json;

namespace Gateway.Signer.Signers;

/// <summary>
/// Spell: <c>SPELL-Callback-Signature</c> = hex HMAC-SHA256(secret, S), where S is built from the parsed body: the top-level
/// keys sorted (UTF-16 code-unit order, JavaScript's default sort), each as <c>key=value</c> with value =
/// <c>JSON.stringify(value)</c> for objects, arrays and null, otherwise <c>String(value)</c>, joined with <c>&amp;</c>.
/// </summary>
internal sealed class SpellSigner : ISigner
{
    public const string SchemeName = "spell";
    public const string SignatureHeader = "SPELL-Callback-Signature";

    public string Name => SchemeName;

    public string Description => $"{SignatureHeader}: hex HMAC-SHA256 of the sorted top-level key=value pairs joined with &";

    public SignedRequest Sign(SigningInput input)
    {
        var notes = new List<string>();
        var canonical = CanonicalString(input.Body, notes);
        var signature = Digests.Encode(Digests.HmacSha256(input.Secret, Digests.Utf8(canonical)), input.Arguments.Encoding);
        return input.Signed(input.Body, notes, (SignatureHeader, signature));
    }

    /// <summary>The string Spell signs, computed from the body as JavaScript would see it after <c>JSON.parse</c>.</summary>
    public static string CanonicalString(byte[] body, List<string> notes)
    {
        using var document = Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new UsageException("spell: the body must be a JSON object.");
        }

        var properties = JavaScript.Properties(document.RootElement, string.Empty, notes);
        if (notes.Count > 0)
        {
            notes.Add("The gateway should reject a body with duplicate top-level keys.");
        }

        properties.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        var pairs = new string[properties.Count];
        for (var i = 0; i < pairs.Length; i++)
        {
            var (key, value) = properties[i];
            pairs[i] = key + "=" + JavaScript.String(value, "/" + key, notes);
        }

        return string.Join('&', pairs);
    }

    private static JsonDocument Parse(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new UsageException($"spell: the body is not JSON ({e.Message}).");
        }
    }
}
