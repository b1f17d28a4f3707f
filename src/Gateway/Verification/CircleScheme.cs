namespace Gateway.Verification;

/// <summary>
/// Circle (developers.circle.com/api-reference/verify-webhook-signatures; Wallets, Contracts, CPN, Gateway, StableFX v2
/// notifications): <c>X-Circle-Signature</c> is base64 of an ECDSA_SHA_256 signature (P-256, DER-encoded as in Circle's
/// example <c>MEYCIQ…</c>) of the raw body, made with the key that <c>X-Circle-Key-Id</c> names. Circle serves that key from
/// <c>/v2/notifications/publicKey/{id}</c> as base64 DER; the gateway never fetches it: the operator pins each key under its
/// id in <c>PublicKeys</c>. No timestamp is signed apart from the body's own. The identity is the body's
/// <c>notificationId</c>.
/// </summary>
internal sealed class CircleScheme : ISignatureScheme
{
    public const string SchemeName = "Circle";
    public const string SignatureHeader = "X-Circle-Signature";
    public const string KeyIdHeader = "X-Circle-Key-Id";

    public string Name => SchemeName;

    public Type SettingsType => typeof(PublicKeySettings);

    public bool UsesSecrets => false;

    public ISignatureVerifier Create(SchemeContext context) =>
        new Verifier(PublicKeySet.Load(context, context.Bind<PublicKeySettings>(), PublicKeyAlgorithm.EcdsaP256Sha256Der, KeyIdHeader));

    private sealed class Verifier(PublicKeySet keys) : ISignatureVerifier
    {
        private static readonly string[] Identity = ["/notificationId"];

        public IReadOnlyList<string> DefaultIdentity => Identity;

        public VerificationResult Verify(in CallbackRequest request)
        {
            var signature = request.Headers[SignatureHeader].ToString();
            if (signature.Length == 0)
            {
                return VerificationResult.Invalid($"missing {SignatureHeader} header");
            }

            var keyId = request.Headers[KeyIdHeader].ToString();
            if (keyId.Length == 0)
            {
                return VerificationResult.Invalid($"missing {KeyIdHeader} header");
            }

            // The id is not signed; it only picks among keys the operator pinned, each of which must still verify.
            var key = keys.Find(keyId.AsSpan().Trim());
            if (key is null)
            {
                return VerificationResult.Invalid($"{KeyIdHeader} names no pinned key");
            }

            Span<byte> decoded = stackalloc byte[PublicKeyAlgorithm.EcdsaP256Sha256Der.MaxSignatureBytes];
            if (!SignatureMath.TryDecode(signature, DigestEncoding.Base64, decoded, out var length))
            {
                return VerificationResult.Malformed($"{SignatureHeader} is not a base64 ECDSA signature");
            }

            return key.Verify(request.Body.Span, decoded[..length], request.ReceivedAt)
                ? VerificationResult.Verified()
                : VerificationResult.Invalid("signature does not match");
        }
    }
}
