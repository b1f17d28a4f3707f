namespace Gateway.Verification;

/// <summary>
/// Checkout.com webhooks: <c>Cko-Signature: &lt;hex&gt;</c>, the HMAC-SHA256 of the raw body keyed with the signature key set on the
/// workflow's webhook action (UTF-8). No timestamp is signed. Checkout.com delivers at least once and retries with the same
/// event, so the identity is the event's <c>id</c> in the signed body.
/// </summary>
internal sealed class CheckoutComScheme() : HmacPresetScheme(
    SchemeName,
    HmacPreset.OverBody(SignatureHeader, "SHA256", DigestEncoding.Hex) with { DefaultIdentity = ["/id"] })
{
    public const string SchemeName = "CheckoutCom";
    public const string SignatureHeader = "Cko-Signature";
}
