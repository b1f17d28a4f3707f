namespace Gateway.Verification;

/// <summary>
/// BTCPay Server webhooks: <c>BTCPay-Sig: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 of the raw body keyed with the webhook's secret
/// (UTF-8), "similar to GitHub" as its Greenfield API says. No timestamp is signed. A redelivery gets a new <c>deliveryId</c>
/// but keeps <c>originalDeliveryId</c> (which BTCPay sets to the delivery's own id on the first send), so that is the identity.
/// </summary>
internal sealed class BtcPayServerScheme() : HmacPresetScheme(
    SchemeName,
    HmacPreset.OverBody(SignatureHeader, "SHA256", DigestEncoding.Hex, SignaturePrefix) with { DefaultIdentity = ["/originalDeliveryId"] })
{
    public const string SchemeName = "BTCPayServer";
    public const string SignatureHeader = "BTCPay-Sig";
    private const string SignaturePrefix = "sha256=";
}
