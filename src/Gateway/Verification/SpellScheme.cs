using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gateway.Verification;

/// <summary>
/// Spell (spell.im): <c>SPELL-Callback-Signature: hex or base64 of HMAC-SHA256(secret, S)</c>, where S is built from the
/// <em>parsed</em> JSON body as Spell's JavaScript builds it: the top-level keys sorted, each written
/// <c>key=value</c> with value <c>JSON.stringify(v)</c> for objects, arrays and null, else <c>String(v)</c>, joined with
/// <c>&amp;</c>. The identity is <c>callback</c>, else <c>event</c> and <c>order</c>.
/// </summary>
/// <remarks>
/// Because S is built from parsed values, bodies that differ in whitespace, key order or escapes sign the same, which is
/// harmless: every parser reads them alike. What is not harmless, and refused: duplicate keys (JavaScript keeps the last,
/// other parsers the first), and in <see cref="SpellSettings.Strict"/> mode the spellings a JavaScript sender never writes
/// but that sign like another value, e.g. <c>12345678901234567891</c> for <c>12345678901234567000</c>. What remains is
/// Spell's own design and cannot be detected here: S does not tell <c>"1"</c> from <c>1</c>, <c>"false"</c> from
/// <c>false</c>, or a string holding <c>&amp;k=v</c> from a separate key, so the backend should not trust a field's type.
/// </remarks>
public sealed class SpellScheme : ISignatureScheme
{
    public const string SchemeName = "Spell";
    public const string SignatureHeader = "SPELL-Callback-Signature";
    private const string CallbackKey = "callback";
    private const string EventKey = "event";
    private const string OrderKey = "order";

    public string Name => SchemeName;

    public Type SettingsType => typeof(SpellSettings);

    public ISignatureVerifier Create(SchemeContext context) => new Verifier(context.Utf8Secrets(), context.Bind<SpellSettings>().Strict);

    /// <summary>Builds S from a JSON body; returns null, or why the body cannot be verified.</summary>
    internal static string? TryBuildSignedString(ReadOnlyMemory<byte> body, bool strict, ref ContentBuilder content, out SpellIdentity identity)
    {
        identity = default;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return "body is not JSON";
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return "body is not a JSON object";
            }

            var count = root.GetPropertyCount();
            var names = ArrayPool<string>.Shared.Rent(count);
            var values = ArrayPool<JsonElement>.Shared.Rent(count);
            try
            {
                var i = 0;
                foreach (var property in root.EnumerateObject())
                {
                    names[i] = JavaScriptText.Name(property);
                    values[i++] = property.Value;
                }

                // Object.keys(obj).sort(): by UTF-16 code units, which is what ordinal comparison compares.
                Array.Sort(names, values, 0, count, StringComparer.Ordinal);
                if (JavaScriptText.HasAdjacentDuplicate(names.AsSpan(0, count)))
                {
                    return Reason(JavaScriptTextProblem.DuplicateKey);
                }

                for (i = 0; i < count; i++)
                {
                    if (i > 0)
                    {
                        content.Append("&"u8);
                    }

                    var problem = JavaScriptText.WriteUtf8(names[i], ref content, strict);
                    content.Append("="u8);
                    var start = content.Written.Length;
                    if (problem == JavaScriptTextProblem.None)
                    {
                        problem = JavaScriptText.WriteString(values[i], ref content, strict);
                    }

                    if (problem != JavaScriptTextProblem.None)
                    {
                        return Reason(problem);
                    }

                    identity = identity.With(names[i], start, content.Written.Length - start);
                }

                return null;
            }
            finally
            {
                ArrayPool<string>.Shared.Return(names, clearArray: true);
                ArrayPool<JsonElement>.Shared.Return(values, clearArray: true);
            }
        }
    }

    private static string Reason(JavaScriptTextProblem problem) => problem switch
    {
        JavaScriptTextProblem.DuplicateKey => "body holds a duplicate key",
        JavaScriptTextProblem.NonCanonicalNumber => "body holds a number not written as JavaScript writes it",
        _ => "body holds a lone surrogate in a top-level key or string",
    };

    /// <summary>The Spell scheme's own settings, bound from the policy object.</summary>
    public sealed class SpellSettings
    {
        /// <summary>
        /// Refuse bodies no JavaScript sender writes and that sign the same as a different body: numbers not spelled as
        /// JavaScript prints them (<c>1.10</c>, <c>1e3</c>, <c>-0</c>, more digits than a double holds) and lone surrogates in
        /// top-level keys and strings (hashed as U+FFFD). Off, such bodies are canonicalised exactly as Node would.
        /// </summary>
        public bool Strict { get; set; } = true;
    }

    /// <summary>Where the identity fields' values lie in S.</summary>
    internal readonly record struct SpellIdentity(Range Callback, Range Event, Range Order)
    {
        public SpellIdentity With(string key, int start, int length) => key switch
        {
            CallbackKey => this with { Callback = new Range(start, start + length) },
            EventKey => this with { Event = new Range(start, start + length) },
            OrderKey => this with { Order = new Range(start, start + length) },
            _ => this,
        };

        /// <summary>Verified as <c>callback</c>, else as <c>event</c> + <c>order</c>, else without an identity (the body hash serves).</summary>
        public VerificationResult Verified(ReadOnlySpan<byte> signed)
        {
            if (!signed[Callback].IsEmpty)
            {
                return VerificationResult.VerifiedAs(Encoding.UTF8.GetString(signed[Callback]));
            }

            return signed[Event].IsEmpty || signed[Order].IsEmpty
                ? VerificationResult.Verified()
                : VerificationResult.VerifiedAs(Encoding.UTF8.GetString(signed[Event]), Encoding.UTF8.GetString(signed[Order]));
        }
    }

    private sealed class Verifier(byte[][] keys, bool strict) : ISignatureVerifier
    {
        public VerificationResult Verify(in CallbackRequest request)
        {
            var header = request.Headers[SignatureHeader].ToString().AsSpan().Trim();
            if (header.IsEmpty)
            {
                return VerificationResult.Invalid($"missing {SignatureHeader} header");
            }

            // Hex of 32 bytes is 64 characters, base64 44: the length tells which one was sent.
            var encoding = header.Length == SHA256.HashSizeInBytes * 2 ? DigestEncoding.Hex : DigestEncoding.Base64;
            Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
            if (!SignatureMath.TryDecode(header, encoding, expected, out var length) || length != SHA256.HashSizeInBytes)
            {
                return VerificationResult.Malformed($"{SignatureHeader} is not a hex or base64 SHA-256 digest");
            }

            var content = new ContentBuilder(request.Body.Length + 64);
            try
            {
                var problem = TryBuildSignedString(request.Body, strict, ref content, out var identity);
                if (problem is not null)
                {
                    return VerificationResult.Malformed(problem);
                }

                var matched = SignatureMath.AnyKeyMatches(
                    keys,
                    expected,
                    content.Written,
                    static (key, data, destination) => HMACSHA256.HashData(key, data, destination));
                return matched
                    ? identity.Verified(content.Written)
                    : VerificationResult.Invalid("signature does not match");
            }
            finally
            {
                content.Dispose();
            }
        }
    }
}
