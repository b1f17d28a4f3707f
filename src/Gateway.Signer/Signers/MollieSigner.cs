using System.Security.Cryptography;

namespace Gateway.Signer.Signers;

/// <summary>Mollie next-gen webhooks: <c>X-Mollie-Signature: sha256=&lt;hex HMAC-SHA256(signing secret, body)&gt;</c>.</summary>
internal sealed class MollieSigner() : BodyHmacSigner(SchemeName, "X-Mollie-Signature", HashAlgorithmName.SHA256, "hex", "sha256=")
{
    public const string SchemeName = "mollie";
}
