using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.Tests.Fixtures;

/// <summary>
/// Callback routes for the public-key schemes, and callbacks signed as those providers sign, with keys made here for the test
/// run (the providers' private keys are theirs): computed with the framework's primitives, never through the gateway.
/// </summary>
public static class PublicKeySigners
{
    public const string FireblocksPath = "/callbacks/fireblocks";
    public const string CirclePath = "/callbacks/circle";
    public const string CircleKeyId = "879dc113-5ca4-4ff7-a6b7-54652083fcf8";
    public const string BinancePayPath = "/callbacks/binancepay";
    public const string BinancePaySerial = "5e3c1d2b7a9f4e6d8c0b1a2f3e4d5c6b";
    public const string PayPalPath = "/callbacks/paypal";
    public const string PayPalWebhookId = "1JE4291016473214C";

    /// <summary>Fireblocks' webhook key stands in as an RSA-2048 key of this run; the gateway pins its public half.</summary>
    public static readonly RSA FireblocksKey = RSA.Create(2048);

    public static readonly ECDsa CircleKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public static readonly RSA BinancePayKey = RSA.Create(2048);

    public static readonly RSA PayPalKey = RSA.Create(2048);

    /// <summary>A certificate for <see cref="PayPalKey"/> standing in for the one PayPal serves at PAYPAL-CERT-URL.</summary>
    public static string PayPalCertificatePem()
    {
        var request = new CertificateRequest("CN=messageverificationcerts.paypal.test", PayPalKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return certificate.ExportCertificatePem();
    }

    /// <summary>Adds a route and policy per public-key scheme, pinning the public halves of this run's keys.</summary>
    public static JsonObject WithPublicKeyRoutes(this JsonObject config) => config
        .WithCallbackRoute("fireblocks", FireblocksPath, new JsonObject
        {
            ["Scheme"] = "Fireblocks", ["PublicKeys"] = new JsonArray(FireblocksKey.ExportSubjectPublicKeyInfoPem()),
        })
        .WithCallbackRoute("circle", CirclePath, new JsonObject
        {
            // As Circle's publicKey endpoint serves it: base64 DER SubjectPublicKeyInfo, under its id.
            ["Scheme"] = "Circle", ["PublicKeys"] = new JsonObject { [CircleKeyId] = Convert.ToBase64String(CircleKey.ExportSubjectPublicKeyInfo()) },
        })
        .WithCallbackRoute("binancepay", BinancePayPath, new JsonObject
        {
            // As Binance's Query Certificate API returns it: certSerial → certPublic.
            ["Scheme"] = "BinancePay", ["PublicKeys"] = new JsonObject { [BinancePaySerial] = BinancePayKey.ExportSubjectPublicKeyInfoPem() },
        })
        .WithCallbackRoute("paypal", PayPalPath, new JsonObject
        {
            ["Scheme"] = "PayPal", ["WebhookId"] = PayPalWebhookId, ["PublicKeys"] = new JsonArray(PayPalCertificatePem()),
        });

    /// <summary>
    /// Fireblocks v2: Fireblocks-Webhook-Signature = detached JWS <c>header..signature</c>, RS512 over
    /// <c>header.base64url(body)</c>; with <paramref name="legacy"/> the old Fireblocks-Signature, base64 RSA-SHA512 of the body.
    /// </summary>
    public static HttpRequestMessage Fireblocks(string body, bool legacy = false, RSA? key = null)
    {
        key ??= FireblocksKey;
        var request = TestCallbacks.UnsignedRequest(body, FireblocksPath);
        if (legacy)
        {
            var signature = key.SignData(Encoding.UTF8.GetBytes(body), HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);
            request.Headers.Add("Fireblocks-Signature", Convert.ToBase64String(signature));
            return request;
        }

        var header = Base64Url.EncodeToString("""{"alg":"RS512","kid":"test"}"""u8);
        var input = Encoding.ASCII.GetBytes(header + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(body)));
        var jws = key.SignData(input, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);
        request.Headers.Add("Fireblocks-Webhook-Signature", $"{header}..{Base64Url.EncodeToString(jws)}");
        return request;
    }

    /// <summary>Circle: X-Circle-Signature = base64 ECDSA P-256 SHA-256 (DER) of the body, X-Circle-Key-Id naming the key.</summary>
    public static HttpRequestMessage Circle(string body, ECDsa? key = null, string keyId = CircleKeyId)
    {
        var signature = (key ?? CircleKey).SignData(Encoding.UTF8.GetBytes(body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var request = TestCallbacks.UnsignedRequest(body, CirclePath);
        request.Headers.Add("X-Circle-Signature", Convert.ToBase64String(signature));
        request.Headers.Add("X-Circle-Key-Id", keyId);
        return request;
    }

    /// <summary>Binance Pay: BinancePay-Signature = base64 SHA256withRSA of "timestamp\nnonce\nbody\n", timestamp in ms.</summary>
    public static HttpRequestMessage BinancePay(string body, DateTimeOffset? at = null, RSA? key = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var nonce = RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 32);
        var signature = (key ?? BinancePayKey).SignData(Encoding.UTF8.GetBytes($"{timestamp}\n{nonce}\n{body}\n"), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var request = TestCallbacks.UnsignedRequest(body, BinancePayPath);
        request.Headers.Add("BinancePay-Timestamp", timestamp);
        request.Headers.Add("BinancePay-Nonce", nonce);
        request.Headers.Add("BinancePay-Certificate-SN", BinancePaySerial);
        request.Headers.Add("BinancePay-Signature", Convert.ToBase64String(signature));
        return request;
    }

    /// <summary>
    /// PayPal: PAYPAL-TRANSMISSION-SIG = base64 SHA256withRSA of "id|time|webhookId|crc32(body)" (CRC-32 in decimal).
    /// </summary>
    public static HttpRequestMessage PayPal(string body, string transmissionId, DateTimeOffset? at = null, string? signedBody = null)
    {
        var time = (at ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var signed = $"{transmissionId}|{time}|{PayPalWebhookId}|{Crc32(Encoding.UTF8.GetBytes(signedBody ?? body)).ToString(CultureInfo.InvariantCulture)}";
        var signature = PayPalKey.SignData(Encoding.UTF8.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var request = TestCallbacks.UnsignedRequest(body, PayPalPath);
        request.Headers.Add("PAYPAL-TRANSMISSION-ID", transmissionId);
        request.Headers.Add("PAYPAL-TRANSMISSION-TIME", time);
        request.Headers.Add("PAYPAL-TRANSMISSION-SIG", Convert.ToBase64String(signature));
        request.Headers.Add("PAYPAL-AUTH-ALGO", "SHA256withRSA");
        request.Headers.Add("PAYPAL-CERT-URL", "https://api.paypal.com/v1/notifications/certs/CERT-test");
        return request;
    }

    private static uint Crc32(byte[] data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
