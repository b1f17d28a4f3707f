using System.Globalization;

namespace Gateway.Verification;

/// <summary>
/// PayPal webhooks (developer.paypal.com/api/rest/webhooks/rest, "verify the signature yourself"): <c>PAYPAL-TRANSMISSION-SIG</c>
/// is base64 of an RSA SHA-256 signature (<c>PAYPAL-AUTH-ALGO: SHA256withRSA</c>, PKCS#1 v1.5) of
/// <c>transmissionId|transmissionTime|webhookId|crc32</c>: the <c>PAYPAL-TRANSMISSION-ID</c> and
/// <c>PAYPAL-TRANSMISSION-TIME</c> headers, the id of the webhook as registered with PayPal (the policy's <c>WebhookId</c>),
/// and the CRC-32 of the raw body in unsigned decimal. The transmission time must lie within the tolerance. The key is the
/// certificate PayPal serves at <c>PAYPAL-CERT-URL</c>; the gateway never fetches that URL (the sender names it, so an
/// attacker could name his own): the operator pins PayPal's certificate in <c>PublicKeys</c>.
/// </summary>
/// <remarks>
/// The body enters the signature only as its CRC-32, which is no cryptographic cover: anyone holding one delivery can write
/// other JSON with the same CRC-32 (four chosen bytes suffice) and send it under the captured headers within the tolerance.
/// So the body is not treated as signed: no body field can be the identity, and the identity is the signed
/// <c>PAYPAL-TRANSMISSION-ID</c>. A forged body under a captured transmission is then a duplicate, answered and never
/// forwarded. The price: PayPal's own retries and resends are new transmissions, so the backend still sees those (with the
/// same event <c>id</c>) and must tolerate them.
/// </remarks>
internal sealed class PayPalScheme : ISignatureScheme
{
    public const string SchemeName = "PayPal";
    public const string IdHeader = "PAYPAL-TRANSMISSION-ID";
    public const string TimeHeader = "PAYPAL-TRANSMISSION-TIME";
    public const string SignatureHeader = "PAYPAL-TRANSMISSION-SIG";
    public const string AlgorithmHeader = "PAYPAL-AUTH-ALGO";
    private const string Algorithm = "SHA256withRSA";

    private static readonly uint[] CrcTable = BuildCrcTable();

    public string Name => SchemeName;

    public Type SettingsType => typeof(PayPalSettings);

    public bool UsesSecrets => false;

    public ISignatureVerifier Create(SchemeContext context)
    {
        var settings = context.Bind<PayPalSettings>();
        if (string.IsNullOrWhiteSpace(settings.WebhookId) || settings.WebhookId.Contains('|', StringComparison.Ordinal))
        {
            context.Error("WebhookId (the id PayPal gave the webhook when it was registered, which PayPal signs) is required for the PayPal scheme.");
        }

        return new Verifier(PublicKeySet.Load(context, settings, PublicKeyAlgorithm.RsaSha256), settings.WebhookId.Trim(), context.Options.Tolerance);
    }

    /// <summary>The CRC-32 (IEEE 802.3, as zlib and PHP's crc32() compute it) of <paramref name="data"/>.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < table.Length; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }

    /// <summary>The PayPal scheme's own settings, bound from the policy object.</summary>
    public sealed class PayPalSettings : PublicKeySettings
    {
        /// <summary>The id of the webhook as registered with PayPal (not an event's id): PayPal signs it.</summary>
        public string WebhookId { get; set; } = string.Empty;
    }

    private sealed class Verifier(PublicKeySet keys, string webhookId, TimeSpan tolerance) : ISignatureVerifier
    {
        private static readonly string[] Signed = [IdHeader, TimeHeader];
        private static readonly string[] TimeFormats =
        [
            "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        ];
        private static readonly string[] Identity = ["header:" + IdHeader];

        public bool SignsBody => false;

        public IReadOnlyCollection<string> SignedHeaders => Signed;

        public IReadOnlyList<string> DefaultIdentity => Identity;

        public VerificationResult Verify(in CallbackRequest request)
        {
            var signature = request.Headers[SignatureHeader].ToString();
            if (signature.Length == 0)
            {
                return VerificationResult.Invalid($"missing {SignatureHeader} header");
            }

            var algorithm = request.Headers[AlgorithmHeader].ToString();
            if (algorithm.Length > 0 && !algorithm.Equals(Algorithm, StringComparison.OrdinalIgnoreCase))
            {
                return VerificationResult.Invalid($"{AlgorithmHeader} is not {Algorithm}");
            }

            // '|' separates the signed items: one inside an item would let the split move between them.
            var id = request.Headers[IdHeader].ToString();
            var time = request.Headers[TimeHeader].ToString();
            if (id.Length == 0 || id.Contains('|', StringComparison.Ordinal) || !TryParseTime(time, out var sentAt))
            {
                return VerificationResult.Malformed($"missing or invalid {IdHeader} or {TimeHeader} header");
            }

            Span<byte> decoded = stackalloc byte[PublicKeyAlgorithm.RsaSha256.MaxSignatureBytes];
            if (!SignatureMath.TryDecode(signature, DigestEncoding.Base64, decoded, out var length))
            {
                return VerificationResult.Malformed($"{SignatureHeader} is not base64");
            }

            var crc = Crc32(request.Body.Span).ToString(CultureInfo.InvariantCulture);
            using var content = new ContentBuilder(id.Length + time.Length + webhookId.Length + crc.Length + 3);
            content.AppendUtf8(id);
            content.Append("|"u8);
            content.AppendUtf8(time);
            content.Append("|"u8);
            content.AppendUtf8(webhookId);
            content.Append("|"u8);
            content.AppendUtf8(crc);
            if (!keys.AnyVerifies(content.Written, decoded[..length], request.ReceivedAt))
            {
                return VerificationResult.Invalid("no pinned PayPal certificate verifies the signature");
            }

            return SignatureMath.IsFresh(sentAt, request.ReceivedAt, tolerance)
                ? VerificationResult.Verified()
                : VerificationResult.Stale($"{TimeHeader} is outside the tolerance of {tolerance}");
        }

        /// <summary>An Internet date-time (RFC 3339) with its offset, e.g. <c>2016-09-21T22:00:46Z</c>.</summary>
        private static bool TryParseTime(string text, out DateTimeOffset value) =>
            DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);
    }
}
