namespace Gateway.Signer.Signers;

/// <summary>GitHub: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256(secret, raw body)&gt;</c>, plus the unsigned event and delivery headers GitHub sends.</summary>
internal sealed class GitHubSigner : ISigner
{
    public const string SchemeName = "github";
    public const string SignatureHeader = "X-Hub-Signature-256";
    public const string EventHeader = "X-GitHub-Event";
    public const string DeliveryHeader = "X-GitHub-Delivery";

    public string Name => SchemeName;

    public string Description => $"{SignatureHeader}: sha256=<hex HMAC-SHA256 of the body>";

    public SignedRequest Sign(SigningInput input)
    {
        var digest = Digests.HmacSha256(input.Secret, input.Body);
        return input.Signed(
            (EventHeader, input.Arguments.Event),
            (DeliveryHeader, input.Arguments.Id ?? Guid.NewGuid().ToString()),
            (SignatureHeader, "sha256=" + Digests.Hex(digest)));
    }
}
