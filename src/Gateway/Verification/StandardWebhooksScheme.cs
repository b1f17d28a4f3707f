namespace Gateway.Verification;

/// <summary>
/// Standard Webhooks (standardwebhooks.com, also Svix): <c>webhook-signature: v1,&lt;base64&gt; …</c> (space-separated),
/// each an HMAC-SHA256 keyed with the base64-decoded secret (after its <c>whsec_</c> prefix) over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>. The timestamp (Unix seconds) must lie within the tolerance.
/// The identity is <c>webhook-id</c>, which the signature covers.
/// </summary>
internal sealed class StandardWebhooksScheme : ISignatureScheme
{
    public const string SchemeName = "StandardWebhooks";
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    private const string SecretPrefix = "whsec_";
    private const string VersionPrefix = "v1,";

    public string Name => SchemeName;

    public ISignatureVerifier Create(SchemeContext context)
    {
        var keys = new List<byte[]>();
        for (var i = 0; i < context.Options.Secrets.Count; i++)
        {
            var secret = context.Options.Secrets[i];
            var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
            if (!SignatureMath.IsBase64(encoded) || encoded.Length == 0)
            {
                context.Error($"Secrets:{i} is not a Standard Webhooks secret (whsec_ followed by base64).");
                continue;
            }

            keys.Add(Convert.FromBase64String(encoded));
        }

        return new Verifier([.. keys], context.Options.Tolerance);
    }

    private sealed class Verifier(byte[][] keys, TimeSpan tolerance) : ISignatureVerifier
    {
        private static readonly string[] Signed = [IdHeader, TimestampHeader];
        private static readonly string[] Identity = ["header:" + IdHeader];

        public IReadOnlyCollection<string> SignedHeaders => Signed;

        public IReadOnlyList<string> DefaultIdentity => Identity;

        public VerificationResult Verify(in CallbackRequest request)
        {
            var id = request.Headers[IdHeader].ToString();
            var timestamp = request.Headers[TimestampHeader].ToString();
            var signatures = request.Headers[SignatureHeader].ToString();
            if (signatures.Length == 0)
            {
                return VerificationResult.Invalid($"missing {SignatureHeader} header");
            }

            if (id.Length == 0 || !SignatureMath.TryParseUnix(timestamp, milliseconds: false, out var signedAt))
            {
                return VerificationResult.Malformed($"missing {IdHeader} or invalid {TimestampHeader} header");
            }

            using var content = new ContentBuilder(request.Body.Length + id.Length + timestamp.Length + 2);
            content.AppendUtf8(id);
            content.Append("."u8);
            content.AppendUtf8(timestamp);
            content.Append("."u8);
            content.Append(request.Body.Span);

            var matched = SignatureMath.AnySha256EntryMatches(signatures, ' ', VersionPrefix, DigestEncoding.Base64, keys, content.Written);
            if (!matched)
            {
                return VerificationResult.Invalid("no v1 signature matches");
            }

            return SignatureMath.IsFresh(signedAt, request.ReceivedAt, tolerance)
                ? VerificationResult.Verified()
                : VerificationResult.Stale($"{TimestampHeader} is outside the tolerance of {tolerance}");
        }
    }
}
