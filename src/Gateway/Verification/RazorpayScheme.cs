namespace Gateway.Verification;

/// <summary>
/// Razorpay webhooks: <c>X-Razorpay-Signature: &lt;hex&gt;</c>, the HMAC-SHA256 of the raw body keyed with the webhook secret
/// (UTF-8), as the razorpay SDK's <c>validateWebhookSignature</c> computes it. No timestamp is signed. The body carries no event
/// id (<c>x-razorpay-event-id</c> is an unsigned header), so the identity is the body hash: a retry repeats the same body.
/// </summary>
internal sealed class RazorpayScheme() : HmacPresetScheme(SchemeName, HmacPreset.OverBody(SignatureHeader, "SHA256", DigestEncoding.Hex))
{
    public const string SchemeName = "Razorpay";
    public const string SignatureHeader = "X-Razorpay-Signature";
}
