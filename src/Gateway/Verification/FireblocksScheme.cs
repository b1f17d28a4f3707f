using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Gateway.Verification;

/// <summary>
/// Fireblocks (developers.fireblocks.com/reference/validating-webhooks): every webhook is signed with RSA and SHA-512
/// (PKCS#1 v1.5) by Fireblocks' key, in one or both of two headers, either verifying with a pinned key being enough:
/// <list type="bullet">
/// <item><c>Fireblocks-Webhook-Signature</c> (webhooks v2, current): a detached compact JWS, <c>&lt;header&gt;..&lt;signature&gt;</c>,
/// <c>alg</c> RS512, whose payload is the raw body: the signed bytes are <c>&lt;header&gt;.&lt;base64url(body)&gt;</c>. Fireblocks
/// publishes these keys as a JWKS per region (keys.fireblocks.io and its EU, EU2 and sandbox peers); the gateway never fetches
/// it: the operator pins its keys (as PEM) in <c>PublicKeys</c>, and adds the next one before Fireblocks rotates.</item>
/// <item><c>Fireblocks-Signature</c> (legacy, deprecated, sent beside the other during the migration): base64 of the signature
/// of the raw body, with the static key the validation page prints per environment.</item>
/// </list>
/// No timestamp is signed apart from the body's own. The identity is the v2 event's <c>id</c> in the signed body; a legacy
/// body has none (it carries <c>type</c> and <c>data</c>), so it is identified by its hash, which a resend repeats.
/// </summary>
internal sealed class FireblocksScheme : ISignatureScheme
{
    public const string SchemeName = "Fireblocks";
    public const string JwsHeader = "Fireblocks-Webhook-Signature";
    public const string LegacyHeader = "Fireblocks-Signature";
    private const string Algorithm = "RS512";

    public string Name => SchemeName;

    public Type SettingsType => typeof(PublicKeySettings);

    public bool UsesSecrets => false;

    public ISignatureVerifier Create(SchemeContext context) =>
        new Verifier(PublicKeySet.Load(context, context.Bind<PublicKeySettings>(), PublicKeyAlgorithm.RsaSha512));

    /// <summary>Whether a detached JWS protected header (base64url) names RS512 and nothing that changes what is signed.</summary>
    internal static bool IsRs512Header(ReadOnlySpan<char> encoded)
    {
        Span<byte> json = stackalloc byte[512];
        if (Base64Url.DecodeFromChars(encoded, json, out var consumed, out var written) != OperationStatus.Done || consumed != encoded.Length)
        {
            return false;
        }

        try
        {
            using var header = JsonDocument.Parse(json[..written].ToArray());
            var root = header.RootElement;
            // b64:false (RFC 7797) would sign the body unencoded; crit demands extensions: Fireblocks uses neither.
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("alg", out var alg) && alg.ValueKind == JsonValueKind.String && alg.ValueEquals(Algorithm)
                && !root.TryGetProperty("b64", out _) && !root.TryGetProperty("crit", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// The top-level <c>id</c> of a JSON object body; null when there is none (a legacy body, or not JSON). False when the body
    /// holds <c>id</c> twice, since readers disagree on which one counts.
    /// </summary>
    internal static bool TryGetEventId(ReadOnlySpan<byte> body, out string? id)
    {
        id = null;
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return true;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                reader.Read();
                if (isId)
                {
                    if (id is not null)
                    {
                        id = null;
                        return false;
                    }

                    id = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => string.Empty, // not an event id: the body hash identifies the event
                    };
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            id = null; // not JSON: identified by its hash
        }

        return true;
    }

    private sealed class Verifier(PublicKeySet keys) : ISignatureVerifier
    {
        public VerificationResult Verify(in CallbackRequest request)
        {
            var jws = request.Headers[JwsHeader].ToString();
            var legacy = request.Headers[LegacyHeader].ToString();
            if (jws.Length == 0 && legacy.Length == 0)
            {
                return VerificationResult.Invalid($"missing {JwsHeader} (or legacy {LegacyHeader}) header");
            }

            // During the migration both headers come: either one verifying with a pinned key is enough.
            var jwsResult = jws.Length == 0 ? (VerificationResult?)null : VerifyJws(jws, request);
            var legacyResult = legacy.Length == 0 ? (VerificationResult?)null : VerifyLegacy(legacy, request);
            if (jwsResult?.IsVerified != true && legacyResult?.IsVerified != true)
            {
                // Malformed only when no header present is even in its format; otherwise a key or the content is wrong.
                return (jwsResult ?? legacyResult)!.Value.Status == VerificationStatus.Malformed
                    && (legacyResult ?? jwsResult)!.Value.Status == VerificationStatus.Malformed
                    ? (jwsResult ?? legacyResult)!.Value
                    : VerificationResult.Invalid("no pinned Fireblocks key verifies the signature");
            }

            if (!TryGetEventId(request.Body.Span, out var id))
            {
                return VerificationResult.Malformed("body holds the top-level \"id\" more than once");
            }

            return string.IsNullOrEmpty(id) ? VerificationResult.Verified() : VerificationResult.VerifiedAs(id);
        }

        private VerificationResult VerifyLegacy(string header, in CallbackRequest request)
        {
            Span<byte> signature = stackalloc byte[PublicKeyAlgorithm.RsaSha512.MaxSignatureBytes];
            if (!SignatureMath.TryDecode(header, DigestEncoding.Base64, signature, out var length))
            {
                return VerificationResult.Malformed($"{LegacyHeader} is not base64");
            }

            return keys.AnyVerifies(request.Body.Span, signature[..length], request.ReceivedAt)
                ? VerificationResult.Verified()
                : VerificationResult.Invalid(LegacyHeader);
        }

        private VerificationResult VerifyJws(string header, in CallbackRequest request)
        {
            // <protected header>..<signature>: the payload segment is empty, the body stands in for it.
            var text = header.AsSpan().Trim();
            var first = text.IndexOf('.');
            if (first <= 0 || first + 2 >= text.Length || text[first + 1] != '.' || text[(first + 2)..].Contains('.'))
            {
                return VerificationResult.Malformed($"{JwsHeader} is not a detached JWS (<header>..<signature>)");
            }

            var protectedHeader = text[..first];
            if (!IsRs512Header(protectedHeader))
            {
                return VerificationResult.Malformed($"{JwsHeader} is not an {Algorithm} JWS header");
            }

            Span<byte> signature = stackalloc byte[PublicKeyAlgorithm.RsaSha512.MaxSignatureBytes];
            var encodedSignature = text[(first + 2)..];
            if (Base64Url.DecodeFromChars(encodedSignature, signature, out var consumed, out var length) != OperationStatus.Done
                || consumed != encodedSignature.Length)
            {
                return VerificationResult.Malformed($"{JwsHeader} signature is not base64url");
            }

            var body = request.Body.Span;
            var signingInput = ArrayPool<byte>.Shared.Rent(protectedHeader.Length + 1 + Base64Url.GetEncodedLength(body.Length));
            try
            {
                var written = Encoding.ASCII.GetBytes(protectedHeader, signingInput);
                signingInput[written++] = (byte)'.';
                written += Base64Url.EncodeToUtf8(body, signingInput.AsSpan(written));
                return keys.AnyVerifies(signingInput.AsSpan(0, written), signature[..length], request.ReceivedAt)
                    ? VerificationResult.Verified()
                    : VerificationResult.Invalid(JwsHeader);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(signingInput);
            }
        }
    }
}
