using System.Security.Cryptography;

namespace Gateway.Signer.Signers;

/// <summary>Checkout.com: <c>Cko-Signature: &lt;hex HMAC-SHA256(signature key, body)&gt;</c>.</summary>
internal sealed class CheckoutComSigner() : BodyHmacSigner(SchemeName, "Cko-Signature", HashAlgorithmName.SHA256, "hex")
{
    public const string SchemeName = "checkoutcom";
}
