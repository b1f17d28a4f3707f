namespace Gateway.Verification;

/// <summary>
/// Mollie next-gen webhooks (the event subscriptions; classic webhooks post only an id and are not signed):
/// <c>X-Mollie-Signature: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 of the raw body keyed with the webhook's signing secret (UTF-8).
/// Mollie's PHP SDK (<c>Webhooks\SignatureValidator</c>) strips the <c>sha256=</c> prefix when present and takes bare hex too,
/// as the documentation's example compares it, so both are accepted. No timestamp is signed. The identity is the event's
/// <c>id</c> (<c>event_…</c>) in the signed body.
/// </summary>
internal sealed class MollieScheme() : HmacPresetScheme(
    SchemeName,
    HmacPreset.OverBody(SignatureHeader, "SHA256", DigestEncoding.Hex, SignaturePrefix) with { DefaultIdentity = ["/id"], PrefixOptional = true })
{
    public const string SchemeName = "Mollie";
    public const string SignatureHeader = "X-Mollie-Signature";
    private const string SignaturePrefix = "sha256=";
}
