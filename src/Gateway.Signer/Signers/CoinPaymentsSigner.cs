using System.Security.Cryptography;

namespace Gateway.Signer.Signers;

/// <summary>CoinPayments IPN: header <c>HMAC</c> = hex HMAC-SHA512(IPN secret, the raw form body); the body names the merchant and <c>ipn_mode=hmac</c>.</summary>
internal sealed class CoinPaymentsSigner : ISigner
{
    public const string SchemeName = "coinpayments";
    public const string SignatureHeader = "HMAC";

    public string Name => SchemeName;

    public string Description => $"{SignatureHeader}: hex HMAC-SHA512 of the form body (which must hold merchant=<id> and ipn_mode=hmac)";

    public string DefaultContentType(SignerArguments arguments) => MediaTypes.Form;

    public SignedRequest Sign(SigningInput input) =>
        input.Signed((SignatureHeader, Digests.Hex(Digests.Hmac(HashAlgorithmName.SHA512, Digests.Utf8(input.Secret), input.Body))));
}
