namespace Gateway.Verification;

/// <summary>
/// Alchemy Notify webhooks: <c>X-Alchemy-Signature: &lt;hex&gt;</c>, the HMAC-SHA256 of the raw body keyed with the webhook's
/// signing key (UTF-8), no prefix and no timestamp. The identity is the event's <c>id</c> (<c>whevt_…</c>) in the signed body.
/// </summary>
internal sealed class AlchemyScheme() : HmacPresetScheme(
    SchemeName,
    HmacPreset.OverBody(SignatureHeader, "SHA256", DigestEncoding.Hex) with { DefaultIdentity = ["/id"] })
{
    public const string SchemeName = "Alchemy";
    public const string SignatureHeader = "X-Alchemy-Signature";
}
