namespace Gateway.Verification;

/// <summary>
/// Coinbase Commerce webhooks: <c>X-CC-Webhook-Signature: &lt;hex&gt;</c>, the HMAC-SHA256 of the raw body keyed with the shared
/// webhook secret (UTF-8), as <c>coinbase-commerce-node</c>'s <c>Webhook.verifySigHeader</c> computes it. No timestamp is signed.
/// Each retry carries a new <c>attempt_number</c>, so the body hash would miss it: the identity is the event's
/// <c>event.id</c> in the signed body.
/// </summary>
internal sealed class CoinbaseCommerceScheme() : HmacPresetScheme(
    SchemeName,
    HmacPreset.OverBody(SignatureHeader, "SHA256", DigestEncoding.Hex) with { DefaultIdentity = ["/event/id"] })
{
    public const string SchemeName = "CoinbaseCommerce";
    public const string SignatureHeader = "X-CC-Webhook-Signature";
}
