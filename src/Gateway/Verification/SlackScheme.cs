namespace Gateway.Verification;

/// <summary>
/// Slack requests (Events API, slash commands, interactivity): <c>X-Slack-Signature: v0=&lt;hex&gt;</c>, the HMAC-SHA256 of
/// <c>v0:{X-Slack-Request-Timestamp}:{body}</c> keyed with the app's signing secret (UTF-8), as <c>@slack/bolt</c>'s
/// <c>verifySlackRequest</c> computes it; the timestamp (Unix seconds) must lie within the tolerance (Slack's libraries use
/// five minutes). The identity is the body hash: a retry (<c>X-Slack-Retry-Num</c>) repeats the body under a new timestamp, and
/// slash commands and interactions, which have no event id, carry a fresh <c>trigger_id</c> each time.
/// </summary>
internal sealed class SlackScheme() : HmacPresetScheme(SchemeName, new HmacPreset(new HmacScheme.HmacSettings
{
    Algorithm = "SHA256",
    Encoding = DigestEncoding.Hex,
    Header = SignatureHeader,
    Prefix = SignaturePrefix,
    TimestampHeader = TimestampHeader,
    SignedContent = "v0:{timestamp}:{body}",
}))
{
    public const string SchemeName = "Slack";
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    private const string SignaturePrefix = "v0=";
}
