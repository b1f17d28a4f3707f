using System.Globalization;
using System.Security.Cryptography;

namespace Gateway.Signer.Signers;

/// <summary>
/// Standard Webhooks (standardwebhooks.com): <c>webhook-id</c>, <c>webhook-timestamp</c> (Unix s) and
/// <c>webhook-signature: v1,&lt;base64 HMAC-SHA256(key, "id.timestamp.body")&gt;</c>, space-separated, one per secret;
/// the key is the base64 after the secret's <c>whsec_</c> prefix.
/// </summary>
internal sealed class StandardWebhooksSigner : ISigner
{
    public const string SchemeName = "standardwebhooks";
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";
    private const string SecretPrefix = "whsec_";

    public string Name => SchemeName;

    public string Description => $"{IdHeader}, {TimestampHeader}, {SignatureHeader}: v1,<base64 HMAC-SHA256 of \"id.timestamp.body\"> (whsec_ secret; one v1 per --secret)";

    public bool SignsWithSeveralSecrets => true;

    public SignedRequest Sign(SigningInput input)
    {
        var id = input.Arguments.Id ?? "msg_" + Guid.NewGuid().ToString("N");
        var timestamp = input.UnixSeconds.ToString(CultureInfo.InvariantCulture);
        var content = input.TextThenBody($"{id}.{timestamp}.");
        var signatures = new List<string>();
        foreach (var secret in input.Secrets)
        {
            var key = Digests.Base64Secret(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret, SchemeName);
            signatures.Add("v1," + Convert.ToBase64String(Digests.Hmac(HashAlgorithmName.SHA256, key, content)));
        }

        return input.Signed((IdHeader, id), (TimestampHeader, timestamp), (SignatureHeader, string.Join(' ', signatures)));
    }
}
