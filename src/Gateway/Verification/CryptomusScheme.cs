using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gateway.Verification;

/// <summary>
/// Cryptomus webhooks (and Heleket's, the same scheme: <see cref="HeleketScheme"/>): the JSON body carries its own
/// <c>sign</c> = hex <c>md5(base64_encode(json_encode($data, JSON_UNESCAPED_UNICODE)) . $apiKey)</c>, where <c>$data</c> is
/// the decoded body without <c>sign</c>, re-encoded by PHP (<see cref="PhpJson"/>), and the key is the payment API key. PHP's
/// default flags (non-ASCII as <c>\uXXXX</c>) are accepted as well. No timestamp is signed. The identity is the invoice's
/// <c>uuid</c> and <c>status</c> (one webhook per status change).
/// </summary>
/// <remarks>
/// The signature covers PHP's re-encoding of the parsed body, so bodies that differ in whitespace or escapes
/// (<c>/</c> or <c>\/</c>, <c>é</c> or <c>\u00e9</c>) sign the same and get the same identity; key order is signed. Refused
/// (400), because another body then signs the same: what <see cref="PhpJson"/> refuses (duplicate keys, numbers PHP writes
/// otherwise, objects PHP writes as lists), bytes that are not UTF-8 (PHP's json_decode refuses them), and a <c>uuid</c> or
/// <c>status</c> that is not a string.
/// </remarks>
internal sealed class CryptomusScheme : ISignatureScheme
{
    public const string SchemeName = "Cryptomus";
    public const string SignField = "sign";
    public const string UuidField = "uuid";
    public const string StatusField = "status";

    public string Name => SchemeName;

    public ISignatureVerifier Create(SchemeContext context) => CreateVerifier(context);

    /// <summary>The verifier of every scheme signed this way (Cryptomus, Heleket).</summary>
    public static ISignatureVerifier CreateVerifier(SchemeContext context) => new Verifier(context.Utf8Secrets());

    /// <summary>
    /// Writes PHP's rendering of the body without <c>sign</c> (non-ASCII escaped or not) and reads sign, uuid and status;
    /// returns null, or why the body cannot be verified unambiguously.
    /// </summary>
    internal static string? TryRender(JsonElement root, bool escapeUnicode, ref ContentBuilder rendering)
    {
        var problem = PhpJson.Write(root, escapeUnicode, ref rendering, skip: SignField);
        return problem switch
        {
            PhpJsonProblem.None => null,
            PhpJsonProblem.DuplicateKey => "body holds a duplicate key",
            PhpJsonProblem.NonCanonicalNumber => "body holds a number PHP would write otherwise, so it signs like another body",
            PhpJsonProblem.ListLikeObject => "body holds an object PHP would write as a list, so it signs like another body",
            _ => "body holds a string PHP cannot decode (a lone surrogate escape)",
        };
    }

    private sealed class Verifier(byte[][] keys) : ISignatureVerifier
    {
        public VerificationResult Verify(in CallbackRequest request)
        {
            var invalid = JsonObjectBody.TryParse(request.Body, requireUtf8: true, refuseDuplicates: false, out var document);
            if (invalid is not null)
            {
                return VerificationResult.Malformed(invalid);
            }

            using (document)
            {
                var root = document!.RootElement;
                if (!root.TryGetProperty(SignField, out var sign) || sign.ValueKind != JsonValueKind.String)
                {
                    return VerificationResult.Invalid($"missing {SignField} field");
                }

                Span<byte> expected = stackalloc byte[MD5.HashSizeInBytes];
                if (!SignatureMath.TryDecode(sign.GetString(), DigestEncoding.Hex, expected, out var length) || length != MD5.HashSizeInBytes)
                {
                    return VerificationResult.Malformed($"{SignField} is not a hex MD5 digest");
                }

                var matched = Match(root, escapeUnicode: false, expected, out var problem, out var ascii);
                if (problem is null && !ascii)
                {
                    matched |= Match(root, escapeUnicode: true, expected, out problem, out _); // the same text when all is ASCII
                }

                if (problem is not null)
                {
                    return VerificationResult.Malformed(problem);
                }

                if (!root.TryGetProperty(UuidField, out var uuid) || uuid.ValueKind != JsonValueKind.String
                    || !root.TryGetProperty(StatusField, out var status) || status.ValueKind != JsonValueKind.String)
                {
                    return VerificationResult.Malformed($"{UuidField} and {StatusField} must be strings");
                }

                return matched
                    ? VerificationResult.VerifiedAs(uuid.GetString()!, status.GetString()!)
                    : VerificationResult.Invalid($"{SignField} does not match");
            }
        }

        /// <summary>md5(base64(rendering) + key) for every key; <paramref name="ascii"/>: the rendering holds only ASCII.</summary>
        private bool Match(JsonElement root, bool escapeUnicode, ReadOnlySpan<byte> expected, out string? problem, out bool ascii)
        {
            ascii = false;
            var rendering = new ContentBuilder(1024);
            byte[]? buffer = null;
            try
            {
                problem = TryRender(root, escapeUnicode, ref rendering);
                if (problem is not null)
                {
                    return false;
                }

                ascii = Ascii.IsValid(rendering.Written);
                var encodedLength = System.Buffers.Text.Base64.GetMaxEncodedToUtf8Length(rendering.Written.Length);
                buffer = ArrayPool<byte>.Shared.Rent(encodedLength + keys.Max(k => k.Length));
                System.Buffers.Text.Base64.EncodeToUtf8(rendering.Written, buffer, out _, out encodedLength);
                return SignatureMath.AnyKeyMatches(keys, expected, (buffer, encodedLength), static (key, state, destination) =>
                {
                    key.CopyTo(state.buffer, state.encodedLength);
#pragma warning disable CA5351 // Cryptomus and Heleket sign with MD5; the gateway only verifies what they send.
                    return MD5.HashData(state.buffer.AsSpan(0, state.encodedLength + key.Length), destination);
#pragma warning restore CA5351
                });
            }
            finally
            {
                rendering.Dispose();
                if (buffer is not null)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
    }
}
