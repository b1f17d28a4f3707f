using System.Security.Cryptography;

namespace Gateway.Signer.Signers;

/// <summary>BTCPay Server: <c>BTCPay-Sig: sha256=&lt;hex HMAC-SHA256(webhook secret, body)&gt;</c>.</summary>
internal sealed class BtcPayServerSigner() : BodyHmacSigner(SchemeName, "BTCPay-Sig", HashAlgorithmName.SHA256, "hex", "sha256=")
{
    public const string SchemeName = "btcpayserver";
}
