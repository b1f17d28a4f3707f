using System.Security.Cryptography;

namespace Gateway.Signer.Signers;

/// <summary>Coinbase Commerce: <c>X-CC-Webhook-Signature: &lt;hex HMAC-SHA256(shared secret, body)&gt;</c>.</summary>
internal sealed class CoinbaseCommerceSigner() : BodyHmacSigner(SchemeName, "X-CC-Webhook-Signature", HashAlgorithmName.SHA256, "hex")
{
    public const string SchemeName = "coinbasecommerce";
}
