using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Signer.Signers;

/// <summary>
/// PayPal: <c>PAYPAL-TRANSMISSION-SIG</c> = base64 SHA256withRSA of <c>transmissionId|transmissionTime|webhookId|crc32(body)</c>
/// (CRC-32 in unsigned decimal), with <c>PAYPAL-TRANSMISSION-ID</c> (<c>--id</c> or random), <c>PAYPAL-TRANSMISSION-TIME</c>
/// (RFC 3339 of the signing time), <c>PAYPAL-AUTH-ALGO</c> and a <c>PAYPAL-CERT-URL</c> (<c>--cert-url</c>; the gateway
/// never fetches it).
/// </summary>
internal sealed class PayPalSigner : ISigner
{
    public const string SchemeName = "paypal";
    private const string DefaultCertUrl = "https://api.paypal.com/v1/notifications/certs/CERT-pinned-in-the-gateway";

    public string Name => SchemeName;

    public string Description => "PAYPAL-TRANSMISSION-SIG: base64 SHA256withRSA of \"id|time|webhookId|crc32(body)\"; --private-key, --webhook-id";

    public bool UsesPrivateKey => true;

    public SignedRequest Sign(SigningInput input)
    {
        var webhookId = input.Arguments.WebhookId ?? throw new UsageException("paypal needs --webhook-id (the id PayPal gave the webhook, which it signs).");
        var id = input.Arguments.Id ?? Guid.NewGuid().ToString();
        var time = input.Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var signed = $"{id}|{time}|{webhookId}|{Crc32(input.Body).ToString(CultureInfo.InvariantCulture)}";
        using var key = PrivateKeys.Rsa(input);
        var signature = key.SignData(Encoding.UTF8.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input.Signed(
            ("PAYPAL-TRANSMISSION-ID", id),
            ("PAYPAL-TRANSMISSION-TIME", time),
            ("PAYPAL-TRANSMISSION-SIG", Convert.ToBase64String(signature)),
            ("PAYPAL-AUTH-ALGO", "SHA256withRSA"),
            ("PAYPAL-CERT-URL", input.Arguments.CertUrl ?? DefaultCertUrl));
    }

    /// <summary>CRC-32 (IEEE, reflected, as zlib and PHP compute it), bit by bit: the signer signs one body, speed is no matter.</summary>
    private static uint Crc32(byte[] data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
            }
        }

        return ~crc;
    }
}
