namespace Gateway.Verification;

/// <summary>
/// Paddle Billing webhooks: <c>Paddle-Signature: ts=&lt;unix&gt;;h1=&lt;hex&gt;[;h1=…]</c>, each h1 the HMAC-SHA256 of
/// <c>{ts}:{body}</c> keyed with the notification destination's secret key (UTF-8), as <c>@paddle/paddle-node-sdk</c>'s
/// <c>Webhooks.isSignatureValid</c> computes it. During a secret rotation Paddle sends one h1 per secret; any one matching is
/// enough. <c>ts</c> must lie within the tolerance (the SDK allows only 5 seconds; the policy's <c>Tolerance</c> decides here).
/// The identity is the notification's <c>event_id</c> in the signed body.
/// </summary>
internal sealed class PaddleScheme() : HmacPresetScheme(SchemeName, new HmacPreset(new HmacScheme.HmacSettings
{
    Algorithm = "SHA256",
    Encoding = DigestEncoding.Hex,
    Header = SignatureHeader,
    Prefix = SignaturePrefix,
    SignedContent = "{timestamp}:{body}",
})
{
    List = new HmacSignatureList(';', TimestampKey),
    DefaultIdentity = ["/event_id"],
})
{
    public const string SchemeName = "Paddle";
    public const string SignatureHeader = "Paddle-Signature";
    private const string TimestampKey = "ts=";
    private const string SignaturePrefix = "h1=";
}
