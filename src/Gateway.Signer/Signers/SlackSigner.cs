using System.Globalization;

namespace Gateway.Signer.Signers;

/// <summary>Slack: <c>X-Slack-Request-Timestamp: &lt;unix&gt;</c> and <c>X-Slack-Signature: v0=&lt;hex HMAC-SHA256(signing secret, "v0:{timestamp}:{body}")&gt;</c>.</summary>
internal sealed class SlackSigner : ISigner
{
    public const string SchemeName = "slack";
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    public string Name => SchemeName;

    public string Description => $"{TimestampHeader}, {SignatureHeader}: v0=<hex HMAC-SHA256 of \"v0:timestamp:body\">";

    public SignedRequest Sign(SigningInput input)
    {
        var timestamp = input.UnixSeconds.ToString(CultureInfo.InvariantCulture);
        var digest = Digests.HmacSha256(input.Secret, input.TextThenBody($"v0:{timestamp}:"));
        return input.Signed((TimestampHeader, timestamp), (SignatureHeader, "v0=" + Digests.Hex(digest)));
    }
}
