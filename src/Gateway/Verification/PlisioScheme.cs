using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Gateway.Verification;

/// <summary>
/// Plisio callbacks (form POST): the body's <c>verify_hash</c> = hex HMAC-SHA1, keyed with the secret key, of PHP's
/// <c>serialize()</c> of the other POST fields sorted by name (<c>ksort</c>), with <c>tx_urls</c> passed through
/// <c>html_entity_decode</c>, exactly as Plisio's PHP SDK (<c>ClientAPI::verifyCallbackData</c>) checks it. No timestamp is
/// signed. The identity is <c>txn_id</c> and <c>status</c> (one callback per status change).
/// </summary>
/// <remarks>
/// The fields are read as PHP's <c>parse_str</c> reads them, and refused (400) where PHP would read them otherwise than a
/// plain parser, so that the gateway and a PHP backend see the same signed fields: a name that is not a plain PHP variable
/// name (PHP rewrites <c>order.name</c> and <c>order name</c> to <c>order_name</c>, reads <c>comment[]</c> as an array and
/// <c>5</c> as an integer key), and a field that appears twice (PHP keeps the last). <c>html_entity_decode</c> knows the
/// whole HTML 4.01 entity table; only the entities <c>htmlspecialchars</c> writes (<c>&amp;amp; &amp;quot; &amp;#039;
/// &amp;#39; &amp;lt; &amp;gt;</c>) are decoded here, and a <c>tx_urls</c> holding any other <c>&amp;name;</c> is refused. JSON
/// callbacks (<c>?json=true</c>) are not supported: Plisio documents no canonical form for them.
/// </remarks>
internal sealed class PlisioScheme : ISignatureScheme
{
    public const string SchemeName = "Plisio";
    public const string HashField = "verify_hash";
    public const string TxnIdField = "txn_id";
    public const string StatusField = "status";
    public const string TxUrlsField = "tx_urls";

    /// <summary>The entities <c>htmlspecialchars($s, ENT_QUOTES)</c> writes, and what <c>html_entity_decode</c> makes of them.</summary>
    private static readonly (byte[] Entity, byte Character)[] Entities =
    [
        ("&amp;"u8.ToArray(), (byte)'&'), ("&quot;"u8.ToArray(), (byte)'"'), ("&#039;"u8.ToArray(), (byte)'\''),
        ("&#39;"u8.ToArray(), (byte)'\''), ("&lt;"u8.ToArray(), (byte)'<'), ("&gt;"u8.ToArray(), (byte)'>'),
    ];

    public string Name => SchemeName;

    public ISignatureVerifier Create(SchemeContext context) => new Verifier(context.Utf8Secrets());

    /// <summary>
    /// Writes <c>serialize(ksort($post without verify_hash))</c> of a form body into <paramref name="serialized"/> and reads
    /// verify_hash, txn_id and status; returns null, or why the body cannot be verified unambiguously.
    /// </summary>
    internal static string? TryBuildSignedString(ReadOnlySpan<byte> body, ref ContentBuilder serialized, out string hash, out string[] identity)
    {
        hash = string.Empty;
        identity = [];
        var fields = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var range in body.Split((byte)'&'))
        {
            var pair = body[range];
            if (pair.IsEmpty)
            {
                continue; // parse_str skips empty pairs
            }

            var equals = pair.IndexOf((byte)'=');
            var name = UrlDecode(equals < 0 ? pair : pair[..equals]);
            var value = UrlDecode(equals < 0 ? [] : pair[(equals + 1)..]);
            if (!IsPlainName(name))
            {
                return "a field name is not a plain PHP variable name, so PHP reads it as another field or as an array";
            }

            if (!fields.TryAdd(Encoding.ASCII.GetString(name), value))
            {
                return "a field appears more than once (PHP keeps the last, other parsers the first)";
            }
        }

        if (!fields.Remove(HashField, out var hashBytes) || !Ascii.IsValid(hashBytes))
        {
            hash = string.Empty;
        }
        else
        {
            hash = Encoding.ASCII.GetString(hashBytes);
        }

        if (!fields.TryGetValue(TxnIdField, out var txnId) || txnId.Length == 0 || !Utf8.IsValid(txnId)
            || !fields.TryGetValue(StatusField, out var status) || status.Length == 0 || !Utf8.IsValid(status))
        {
            return $"{TxnIdField} and {StatusField} must each be present, not empty, and UTF-8";
        }

        if (fields.TryGetValue(TxUrlsField, out var txUrls))
        {
            if (DecodeEntities(txUrls) is not { } decoded)
            {
                return $"{TxUrlsField} holds an HTML entity other than those htmlspecialchars writes, which the gateway does not decode as PHP does";
            }

            fields[TxUrlsField] = decoded;
        }

        identity = [Encoding.UTF8.GetString(txnId), Encoding.UTF8.GetString(status)];
        Serialize(fields, ref serialized);
        return null;
    }

    /// <summary>PHP's <c>serialize</c> of an array of string keys and string values: <c>a:N:{s:len:"key";s:len:"value";…}</c>, lengths in bytes.</summary>
    private static void Serialize(SortedDictionary<string, byte[]> fields, ref ContentBuilder output)
    {
        output.AppendUtf8(string.Create(CultureInfo.InvariantCulture, $"a:{fields.Count}:{{"));
        foreach (var (name, value) in fields)
        {
            output.AppendUtf8(string.Create(CultureInfo.InvariantCulture, $"s:{name.Length}:\"{name}\";s:{value.Length}:\""));
            output.Append(value);
            output.Append("\";"u8);
        }

        output.Append("}"u8);
    }

    /// <summary>A name PHP's parse_str keeps as it is and as a string key: a letter or '_', then letters, digits, '_'.</summary>
    private static bool IsPlainName(ReadOnlySpan<byte> name)
    {
        if (name.IsEmpty || !(char.IsAsciiLetter((char)name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var b in name)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>PHP's <c>urldecode</c>: '+' as a space, <c>%XX</c> as that byte, any other '%' kept as it is.</summary>
    private static byte[] UrlDecode(ReadOnlySpan<byte> text)
    {
        var output = new byte[text.Length];
        var written = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '+')
            {
                output[written++] = (byte)' ';
            }
            else if (text[i] == '%' && i + 2 < text.Length && char.IsAsciiHexDigit((char)text[i + 1]) && char.IsAsciiHexDigit((char)text[i + 2]))
            {
                output[written++] = (byte)((HexValue(text[i + 1]) << 4) | HexValue(text[i + 2]));
                i += 2;
            }
            else
            {
                output[written++] = text[i];
            }
        }

        return output[..written];
    }

    private static int HexValue(byte digit) => digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10;

    /// <summary>
    /// Decodes the entities htmlspecialchars writes. An '&amp;' not followed by <c>[#A-Za-z0-9]+;</c> is kept, as PHP keeps it;
    /// any other such sequence gives null, since PHP may decode it (<c>&amp;eacute;</c>, <c>&amp;#x27;</c>).
    /// </summary>
    private static byte[]? DecodeEntities(byte[] text)
    {
        var output = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var rest = text.AsSpan(i);
            var entity = rest[0] == '&' ? SupportedEntity(rest) : -1;
            if (entity >= 0)
            {
                output.Add(Entities[entity].Character);
                i += Entities[entity].Entity.Length - 1;
            }
            else if (rest[0] == '&' && LooksLikeEntity(rest[1..]))
            {
                return null;
            }
            else
            {
                output.Add(rest[0]);
            }
        }

        return [.. output];
    }

    private static int SupportedEntity(ReadOnlySpan<byte> text)
    {
        for (var i = 0; i < Entities.Length; i++)
        {
            if (text.StartsWith(Entities[i].Entity))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Whether the text after '&amp;' starts with <c>[#A-Za-z0-9]+;</c>, the only shape html_entity_decode decodes.</summary>
    private static bool LooksLikeEntity(ReadOnlySpan<byte> text)
    {
        var length = 0;
        while (length < text.Length && (char.IsAsciiLetterOrDigit((char)text[length]) || text[length] == '#'))
        {
            length++;
        }

        return length > 0 && length < text.Length && text[length] == ';';
    }

    private sealed class Verifier(byte[][] keys) : ISignatureVerifier
    {
        public VerificationResult Verify(in CallbackRequest request)
        {
            var body = request.Body.Span.TrimStart(" \t\r\n"u8);
            if (!body.IsEmpty && body[0] == (byte)'{')
            {
                return VerificationResult.Malformed("JSON callbacks are not supported: configure Plisio to POST form fields");
            }

            var serialized = new ContentBuilder(request.Body.Length + 256);
            try
            {
                var problem = TryBuildSignedString(request.Body.Span, ref serialized, out var hash, out var identity);
                if (problem is not null)
                {
                    return VerificationResult.Malformed(problem);
                }

                if (hash.Length == 0)
                {
                    return VerificationResult.Invalid($"missing {HashField} field");
                }

                Span<byte> expected = stackalloc byte[HMACSHA1.HashSizeInBytes];
                if (!SignatureMath.TryDecode(hash, DigestEncoding.Hex, expected, out var length) || length != HMACSHA1.HashSizeInBytes)
                {
                    return VerificationResult.Malformed($"{HashField} is not a hex HMAC-SHA1");
                }

                return SignatureMath.AnyKeyMatches(keys, expected, serialized.Written, static (key, data, destination) => SignatureMath.Hmac(HashAlgorithmName.SHA1, key, data, destination))
                    ? VerificationResult.VerifiedAs(identity)
                    : VerificationResult.Invalid($"{HashField} does not match");
            }
            finally
            {
                serialized.Dispose();
            }
        }
    }
}
