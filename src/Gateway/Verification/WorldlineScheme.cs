namespace Gateway.Verification;

/// <summary>
/// Worldline Connect (formerly Ingenico Connect / GlobalCollect) webhooks: <c>X-GCS-Signature: &lt;base64&gt;</c>, the HMAC-SHA256
/// of the raw body keyed with the webhooks secret key (UTF-8), as <c>connect-sdk-nodejs</c>'s signature validator computes it.
/// <c>X-GCS-KeyId</c> names the key; it is not signed, so every configured secret is tried instead. No timestamp is signed.
/// The identity is the event's <c>id</c> in the signed body, which Worldline says to use for exactly this.
/// </summary>
internal sealed class WorldlineScheme() : HmacPresetScheme(
    SchemeName,
    HmacPreset.OverBody(SignatureHeader, "SHA256", DigestEncoding.Base64) with { DefaultIdentity = ["/id"] })
{
    public const string SchemeName = "Worldline";
    public const string SignatureHeader = "X-GCS-Signature";
}
