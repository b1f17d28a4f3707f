using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Gateway.Verification;

/// <summary>
/// Spell (spell.im): <c>SPELL-Callback-Signature: hex or base64 of HMAC-SHA256(secret, S)</c>, where S is built from the
/// <em>parsed</em> JSON body as Spell's JavaScript builds it: the top-level keys sorted, each written
/// <c>key=value</c> with value <c>JSON.stringify(v)</c> for objects, arrays and null, else <c>String(v)</c>, joined with
/// <c>&amp;</c>. The identity is a function of S alone: <c>callback</c>, else <c>event</c> and <c>order</c>, as S reads
/// back when split at every <c>&amp;</c> and each pair at its first <c>=</c>; without them <c>spell:s256:</c> and the hex
/// SHA-256 of S.
/// </summary>
/// <remarks>
/// Because S is built from parsed values, bodies that differ in whitespace, key order or escapes sign the same, which is
/// harmless: every parser reads them alike. What is not harmless, and refused: duplicate keys (JavaScript keeps the last,
/// other parsers the first), and in <see cref="SpellSettings.Strict"/> mode the spellings a JavaScript sender never writes
/// but that sign like another value, e.g. <c>12345678901234567891</c> for <c>12345678901234567000</c>.
/// <para>
/// S does not escape <c>&amp;</c> or <c>=</c>, so one captured body can be re-partitioned into other JSON with the same
/// signature: <c>{"callback":"abc&amp;currency=USD"}</c> signs like <c>{"callback":"abc","currency":"USD"}</c>, and
/// <c>{"amount":"10&amp;callback=c1"}</c> like <c>{"amount":"10","callback":"c1"}</c>. So the identity is read from S
/// itself, never from the body, and a body is refused as ambiguous when the backend, reading its JSON, would see other
/// identity fields than S shows: a top-level key holding <c>&amp;</c> or <c>=</c>; <c>callback</c>, <c>event</c> or
/// <c>order</c> read back from S more than once (another value holds <c>&amp;callback=</c>); or the body's own value of one
/// of them not reading back from S exactly (it holds <c>&amp;</c>, or the body lacks a key that S shows). Any two bodies that
/// sign the same S therefore get the same identity or are refused. A value holding <c>&amp;</c> in any other field (a URL
/// with a query string) is fine. Dedup selectors (<c>Dedup:Identity</c>) read the parsed body, not S, so a Spell policy
/// may not set them.
/// </para>
/// <para>
/// What remains is Spell's own design and cannot be detected here: S does not tell <c>"1"</c> from <c>1</c>,
/// <c>"false"</c> from <c>false</c>, or a string holding <c>&amp;k=v</c> from a separate key <c>k</c> other than the
/// identity keys, so the backend should not trust a field's type or the split of any other field.
/// </para>
/// </remarks>
internal sealed class SpellScheme : ISignatureScheme
{
    public const string SchemeName = "Spell";
    public const string SignatureHeader = "SPELL-Callback-Signature";

    /// <summary>What identifies the event when S holds no callback, nor event and order; two ':' keep it apart from both.</summary>
    private const string SignedStringHashPrefix = "spell:s256:";

    public string Name => SchemeName;

    public Type SettingsType => typeof(SpellSettings);

    public ISignatureVerifier Create(SchemeContext context)
    {
        if (context.Options.Dedup.Identity.Count > 0)
        {
            context.Error(
                "Dedup:Identity cannot be set on a Spell policy: selectors read the parsed body, but the signed string S does not "
                + "escape '&' and '=', so bodies that sign the same S can hold other values there. The identity is taken from S "
                + "itself (callback, else event and order, else the SHA-256 of S).");
        }

        return new Verifier(context.Utf8Secrets(), context.Bind<SpellSettings>().Strict);
    }

    /// <summary>
    /// Builds S from a JSON body and finds the identity fields in it; returns null, or why the body cannot be verified
    /// (including a body whose identity fields S does not show unambiguously).
    /// </summary>
    internal static string? TryBuildSignedString(ReadOnlyMemory<byte> body, bool strict, ref ContentBuilder content, out SpellIdentity identity)
    {
        identity = default;

        // System.Text.Json does not check the UTF-8 inside strings and keys, and JavaScriptText decodes it as Node does,
        // each invalid sequence as U+FFFD; such a body signs the same as one with U+FFFD written out.
        if (strict && !Utf8.IsValid(body.Span))
        {
            return "body is not valid UTF-8";
        }

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

                var own = default(SpellIdentity);
                for (i = 0; i < count; i++)
                {
                    if (names[i].AsSpan().ContainsAny('&', '='))
                    {
                        return "a top-level key holds '&' or '=', so the signed string could be split into other keys";
                    }

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

                    var key = SpellIdentity.KeyIndex(names[i]);
                    if (key >= 0)
                    {
                        own[key] = start..content.Written.Length;
                    }
                }

                return SpellIdentity.TryRead(content.Written, own, out identity);
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
        /// JavaScript prints them (<c>1.10</c>, <c>1e3</c>, <c>-0</c>, more digits than a double holds), lone surrogates in
        /// top-level keys and strings (hashed as U+FFFD), and bytes that are not valid UTF-8 anywhere in the body (overlong
        /// forms, encoded surrogates, truncated sequences, <c>0xFF</c>; refused before the body is parsed). Off, such bodies
        /// are canonicalised exactly as Node's <c>JSON.parse(buffer.toString('utf8'))</c> reads them: each invalid UTF-8
        /// sequence becomes U+FFFD, one per maximal subpart as the WHATWG decoder does (checked against Node's own output).
        /// </summary>
        public bool Strict { get; set; } = true;
    }

    /// <summary>
    /// Where the values of <c>callback</c>, <c>event</c> and <c>order</c> lie in S (by <see cref="KeyIndex(string)"/>); null where
    /// absent.
    /// </summary>
    [System.Runtime.CompilerServices.InlineArray(KeyCount)]
    internal struct SpellIdentity
    {
        private const int KeyCount = 3;
        private const int Callback = 0;
        private const int Event = 1;
        private const int Order = 2;

        /// <summary>The identity keys, in the order <see cref="Callback"/>, <see cref="Event"/>, <see cref="Order"/>.</summary>
        private static readonly string[] Keys = ["callback", "event", "order"];

        private Range? _value;

        /// <summary>0, 1, 2 for <c>callback</c>, <c>event</c>, <c>order</c>; -1 for any other key.</summary>
        public static int KeyIndex(string key) => Array.IndexOf(Keys, key);

        /// <summary>
        /// Reads the identity fields back from S alone (split at every '&amp;', each pair at its first '='), and checks that
        /// the body's own values (<paramref name="own"/>, where the body wrote them in S) are those: returns null, or why
        /// the body is ambiguous.
        /// </summary>
        public static string? TryRead(ReadOnlySpan<byte> signed, SpellIdentity own, out SpellIdentity read)
        {
            read = default;
            Span<int> seen = stackalloc int[KeyCount];
            var at = 0;
            while (true)
            {
                var length = signed[at..].IndexOf((byte)'&');
                var end = length < 0 ? signed.Length : at + length;
                var pair = signed[at..end];
                var equals = pair.IndexOf((byte)'=');
                var key = KeyIndex(equals < 0 ? pair : pair[..equals]);
                if (key >= 0)
                {
                    read[key] = (equals < 0 ? end : at + equals + 1)..end;
                    seen[key]++;
                }

                if (length < 0)
                {
                    break;
                }

                at = end + 1;
            }

            for (var key = 0; key < KeyCount; key++)
            {
                var name = Keys[key];
                if (seen[key] > 1)
                {
                    return $"the signed string shows {name} more than once (a value holds '&{name}='), so the body's {name} is ambiguous";
                }

                if (!Nullable.Equals(read[key], own[key]))
                {
                    return $"the body's {name} is not what the signed string shows (a value holds '&' or '&{name}='), so another body signs the same with another {name}";
                }
            }

            return null;
        }

        /// <summary>Verified as <c>callback</c>, else as <c>event</c> + <c>order</c>, else as the SHA-256 of S.</summary>
        public readonly VerificationResult Verified(ReadOnlySpan<byte> signed)
        {
            if (Text(signed, Callback) is { } callback)
            {
                return VerificationResult.VerifiedAs(callback);
            }

            if (Text(signed, Event) is { } eventName && Text(signed, Order) is { } order)
            {
                return VerificationResult.VerifiedAs(eventName, order);
            }

            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(signed, hash);
            return new VerificationResult(VerificationStatus.Verified, Identity: SignedStringHashPrefix + Convert.ToHexStringLower(hash));
        }

        private static int KeyIndex(ReadOnlySpan<byte> key)
        {
            for (var i = 0; i < KeyCount; i++)
            {
                if (Ascii.Equals(key, Keys[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        /// <summary>The field's value, or null when it is absent or empty.</summary>
        private readonly string? Text(ReadOnlySpan<byte> signed, int key) =>
            this[key] is { } range && !signed[range].IsEmpty ? Encoding.UTF8.GetString(signed[range]) : null;
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
