using System.Security.Cryptography;

namespace Gateway.Signer.Signers;

/// <summary>Alchemy Notify: <c>X-Alchemy-Signature: &lt;hex HMAC-SHA256(signing key, body)&gt;</c>.</summary>
internal sealed class AlchemySigner() : BodyHmacSigner(SchemeName, "X-Alchemy-Signature", HashAlgorithmName.SHA256, "hex")
{
    public const string SchemeName = "alchemy";
}
