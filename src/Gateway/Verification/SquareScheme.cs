namespace Gateway.Verification;

/// <summary>
/// Square webhooks: <c>x-square-hmacsha256-signature: &lt;base64&gt;</c>, the HMAC-SHA256 of the notification URL followed by the
/// raw body, keyed with the subscription's signature key (UTF-8), as the <c>square</c> SDK's
/// <c>WebhooksHelper.verifySignature</c> computes it. The URL is the policy's <c>NotificationUrl</c> (exactly as entered in the
/// subscription; see <see cref="Verification.NotificationUrl"/>), never the request's Host. No timestamp is signed. The identity
/// is the event's <c>event_id</c> in the signed body.
/// </summary>
/// <remarks>The preset given to the base lacks the URL, which only the policy knows; <see cref="Create"/> adds it.</remarks>
internal sealed class SquareScheme() : HmacPresetScheme(SchemeName, Preset(null))
{
    public const string SchemeName = "Square";
    public const string SignatureHeader = "x-square-hmacsha256-signature";

    public override Type SettingsType => typeof(SquareSettings);

    public override ISignatureVerifier Create(SchemeContext context) =>
        HmacScheme.CreateVerifier(context, Preset(context.Bind<SquareSettings>().NotificationUrl));

    private static HmacPreset Preset(string? notificationUrl) => new(new HmacScheme.HmacSettings
    {
        Algorithm = "SHA256",
        Encoding = DigestEncoding.Base64,
        Header = SignatureHeader,
        SignedContent = "{url}{body}",
        NotificationUrl = notificationUrl,
    })
    {
        DefaultIdentity = ["/event_id"],
    };

    /// <summary>Square's own setting: the notification URL of the subscription.</summary>
    public sealed class SquareSettings
    {
        public string? NotificationUrl { get; set; }
    }
}
