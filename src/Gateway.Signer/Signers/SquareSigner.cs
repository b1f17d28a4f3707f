namespace Gateway.Signer.Signers;

/// <summary>
/// Square: <c>x-square-hmacsha256-signature: &lt;base64 HMAC-SHA256(signature key, notification URL + body)&gt;</c>; the notification
/// URL is <c>--url</c>, the public URL the subscription posts to (the gateway's policy names the same in <c>NotificationUrl</c>).
/// </summary>
internal sealed class SquareSigner : ISigner
{
    public const string SchemeName = "square";
    public const string SignatureHeader = "x-square-hmacsha256-signature";

    public string Name => SchemeName;

    public string Description => $"{SignatureHeader}: <base64 HMAC-SHA256 of \"url\" + body> (url = --url)";

    public SignedRequest Sign(SigningInput input)
    {
        var digest = Digests.HmacSha256(input.Secret, input.TextThenBody(input.Arguments.RequestUrl));
        return input.Signed((SignatureHeader, Convert.ToBase64String(digest)));
    }
}
