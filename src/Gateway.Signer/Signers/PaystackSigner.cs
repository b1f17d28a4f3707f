using System.Security.Cryptography;

namespace Gateway.Signer.Signers;

/// <summary>Paystack: <c>x-paystack-signature: &lt;hex HMAC-SHA512(secret key, body)&gt;</c>.</summary>
internal sealed class PaystackSigner() : BodyHmacSigner(SchemeName, "x-paystack-signature", HashAlgorithmName.SHA512, "hex")
{
    public const string SchemeName = "paystack";
}
