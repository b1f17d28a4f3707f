namespace Gateway.Verification;

/// <summary>
/// Paystack webhooks: <c>x-paystack-signature: &lt;hex&gt;</c>, the HMAC-SHA512 of the raw body keyed with the account's secret key
/// (UTF-8). No timestamp is signed. Events share no event id field (<c>data.id</c> is the resource's, and some events lack it),
/// so the identity is the body hash: a retry repeats the same body.
/// </summary>
internal sealed class PaystackScheme() : HmacPresetScheme(SchemeName, HmacPreset.OverBody(SignatureHeader, "SHA512", DigestEncoding.Hex))
{
    public const string SchemeName = "Paystack";
    public const string SignatureHeader = "x-paystack-signature";
}
