using System.Security.Cryptography;

namespace Gateway.Signer.Signers;

/// <summary>Razorpay: <c>X-Razorpay-Signature: &lt;hex HMAC-SHA256(secret, body)&gt;</c>.</summary>
internal sealed class RazorpaySigner() : BodyHmacSigner(SchemeName, "X-Razorpay-Signature", HashAlgorithmName.SHA256, "hex")
{
    public const string SchemeName = "razorpay";
}
