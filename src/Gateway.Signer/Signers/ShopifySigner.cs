using System.Security.Cryptography;

namespace Gateway.Signer.Signers;

/// <summary>Shopify: <c>X-Shopify-Hmac-Sha256: &lt;base64 HMAC-SHA256(client secret, body)&gt;</c>.</summary>
internal sealed class ShopifySigner() : BodyHmacSigner(SchemeName, "X-Shopify-Hmac-Sha256", HashAlgorithmName.SHA256, "base64")
{
    public const string SchemeName = "shopify";
}
