using System.Security.Cryptography;

namespace Gateway.Signer.Signers;

/// <summary>Worldline Connect: <c>X-GCS-Signature: &lt;base64 HMAC-SHA256(secret key, body)&gt;</c> (the unsigned <c>X-GCS-KeyId</c> is not sent).</summary>
internal sealed class WorldlineSigner() : BodyHmacSigner(SchemeName, "X-GCS-Signature", HashAlgorithmName.SHA256, "base64")
{
    public const string SchemeName = "worldline";
}
