namespace Gateway.Verification;

/// <summary>
/// Shopify webhooks: <c>X-Shopify-Hmac-Sha256: &lt;base64&gt;</c>, the HMAC-SHA256 of the raw body keyed with the app's client
/// secret (UTF-8), as <c>@shopify/shopify-api</c>'s <c>webhooks.validate</c> checks it. No timestamp is signed, and
/// <c>X-Shopify-Webhook-Id</c> / <c>X-Shopify-Event-Id</c> are not signed either, so the identity is the body hash.
/// </summary>
internal sealed class ShopifyScheme() : HmacPresetScheme(SchemeName, HmacPreset.OverBody(SignatureHeader, "SHA256", DigestEncoding.Base64))
{
    public const string SchemeName = "Shopify";
    public const string SignatureHeader = "X-Shopify-Hmac-Sha256";
}
