using Gateway.Configuration;

namespace Gateway.Verification;

/// <summary>
/// Binance Pay (developers.binance.com/docs/binance-pay/webhook-common): <c>BinancePay-Signature</c> is base64 of an RSA
/// SHA-256 signature (SHA256withRSA, PKCS#1 v1.5) of <c>timestamp + "\n" + nonce + "\n" + body + "\n"</c>, where timestamp
/// is <c>BinancePay-Timestamp</c> (Unix milliseconds, within the tolerance) and nonce <c>BinancePay-Nonce</c>. The key is the
/// <c>certPublic</c> that Binance's Query Certificate API returns beside its <c>certSerial</c>, which the callback names in
/// <c>BinancePay-Certificate-SN</c>; the gateway never calls that API: the operator pins each key under its serial in
/// <c>PublicKeys</c>. The identity is the body's <c>bizIdStr</c> and <c>bizStatus</c> (one order is paid, then perhaps
/// refunded); a duplicate is answered <c>{"returnCode":"SUCCESS","returnMessage":null}</c>, as Binance expects.
/// </summary>
/// <remarks>Headers carry no line feed, so the signed string splits one way only: the timestamp and nonce cannot shift.</remarks>
internal sealed class BinancePayScheme : ISignatureScheme
{
    public const string SchemeName = "BinancePay";
    public const string TimestampHeader = "BinancePay-Timestamp";
    public const string NonceHeader = "BinancePay-Nonce";
    public const string SerialHeader = "BinancePay-Certificate-SN";
    public const string SignatureHeader = "BinancePay-Signature";

    public string Name => SchemeName;

    public Type SettingsType => typeof(PublicKeySettings);

    public bool UsesSecrets => false;

    public ISignatureVerifier Create(SchemeContext context) => new Verifier(
        PublicKeySet.Load(context, context.Bind<PublicKeySettings>(), PublicKeyAlgorithm.RsaSha256, SerialHeader),
        context.Options.Tolerance);

    private sealed class Verifier(PublicKeySet keys, TimeSpan tolerance) : ISignatureVerifier
    {
        private static readonly string[] Signed = [TimestampHeader, NonceHeader];
        private static readonly string[] Identity = ["/bizIdStr", "/bizStatus"];

        private static readonly DuplicateResponseOptions Success = new()
        {
            Body = """{"returnCode":"SUCCESS","returnMessage":null}""",
            ContentType = "application/json",
        };

        public IReadOnlyCollection<string> SignedHeaders => Signed;

        public IReadOnlyList<string> DefaultIdentity => Identity;

        public DuplicateResponseOptions DefaultDuplicateResponse => Success;

        public VerificationResult Verify(in CallbackRequest request)
        {
            var signature = request.Headers[SignatureHeader].ToString();
            if (signature.Length == 0)
            {
                return VerificationResult.Invalid($"missing {SignatureHeader} header");
            }

            var key = keys.Find(request.Headers[SerialHeader].ToString().AsSpan().Trim());
            if (key is null)
            {
                return VerificationResult.Invalid($"{SerialHeader} is missing or names no pinned certificate");
            }

            var timestamp = request.Headers[TimestampHeader].ToString();
            var nonce = request.Headers[NonceHeader].ToString();
            if (!SignatureMath.TryParseUnix(timestamp, milliseconds: true, out var signedAt) || nonce.Length == 0)
            {
                return VerificationResult.Malformed($"missing or invalid {TimestampHeader} or {NonceHeader} header");
            }

            Span<byte> decoded = stackalloc byte[PublicKeyAlgorithm.RsaSha256.MaxSignatureBytes];
            if (!SignatureMath.TryDecode(signature, DigestEncoding.Base64, decoded, out var length))
            {
                return VerificationResult.Malformed($"{SignatureHeader} is not base64");
            }

            using var content = new ContentBuilder(timestamp.Length + nonce.Length + request.Body.Length + 3);
            content.AppendUtf8(timestamp);
            content.Append("\n"u8);
            content.AppendUtf8(nonce);
            content.Append("\n"u8);
            content.Append(request.Body.Span);
            content.Append("\n"u8);
            if (!key.Verify(content.Written, decoded[..length], request.ReceivedAt))
            {
                return VerificationResult.Invalid("signature does not match");
            }

            return SignatureMath.IsFresh(signedAt, request.ReceivedAt, tolerance)
                ? VerificationResult.Verified()
                : VerificationResult.Stale($"{TimestampHeader} is outside the tolerance of {tolerance}");
        }
    }
}
