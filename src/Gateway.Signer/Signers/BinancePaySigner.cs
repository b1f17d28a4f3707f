using System.Globalization;
using System.Security.Cryptography;

namespace Gateway.Signer.Signers;

/// <summary>
/// Binance Pay: <c>BinancePay-Signature</c> = base64 SHA256withRSA of <c>timestamp\nnonce\nbody\n</c>, with
/// <c>BinancePay-Timestamp</c> (ms), <c>BinancePay-Nonce</c> (32 letters, random unless <c>--nonce</c>) and
/// <c>BinancePay-Certificate-SN</c> (<c>--key-id</c>, the certSerial).
/// </summary>
internal sealed class BinancePaySigner : ISigner
{
    public const string SchemeName = "binancepay";
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public string Name => SchemeName;

    public string Description => "BinancePay-Signature: base64 SHA256withRSA of \"timestamp\\nnonce\\nbody\\n\"; --private-key, --key-id (certSerial)";

    public bool UsesPrivateKey => true;

    public SignedRequest Sign(SigningInput input)
    {
        var serial = input.Arguments.KeyId ?? throw new UsageException("binancepay needs --key-id (the certSerial, sent as BinancePay-Certificate-SN).");
        var nonce = input.Arguments.Nonce ?? RandomNumberGenerator.GetString(Letters, 32);
        var timestamp = input.Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var content = input.TextThenBody($"{timestamp}\n{nonce}\n");
        Array.Resize(ref content, content.Length + 1);
        content[^1] = (byte)'\n';
        using var key = PrivateKeys.Rsa(input);
        var signature = key.SignData(content, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return input.Signed(
            ("BinancePay-Timestamp", timestamp),
            ("BinancePay-Nonce", nonce),
            ("BinancePay-Certificate-SN", serial),
            ("BinancePay-Signature", Convert.ToBase64String(signature)));
    }
}
