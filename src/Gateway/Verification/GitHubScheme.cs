namespace Gateway.Verification;

/// <summary>
/// GitHub webhooks: <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 of the raw body keyed with the secret (UTF-8).
/// GitHub signs no timestamp, so there is no freshness check. <c>X-GitHub-Delivery</c> is not signed, so it cannot be the
/// identity: the default identity is the body hash (a redelivery repeats the same body), or body fields the policy names.
/// </summary>
/// <remarks>This is the generic <see cref="HmacScheme"/> with its settings fixed, so the verification logic lives in one place.</remarks>
internal sealed class GitHubScheme : ISignatureScheme
{
    public const string SchemeName = "GitHub";
    public const string SignatureHeader = "X-Hub-Signature-256";
    private const string SignaturePrefix = "sha256=";

    public string Name => SchemeName;

    public ISignatureVerifier Create(SchemeContext context) => HmacScheme.CreateVerifier(context, new HmacScheme.HmacSettings
    {
        Algorithm = "SHA256",
        Encoding = DigestEncoding.Hex,
        Header = SignatureHeader,
        Prefix = SignaturePrefix,
    });
}
