using System.Globalization;

namespace Gateway.Signer.Signers;

/// <summary>Paddle Billing: <c>Paddle-Signature: ts=&lt;unix&gt;;h1=&lt;hex HMAC-SHA256(secret key, "{ts}:{body}")&gt;</c>, one <c>h1</c> per secret (as during a rotation).</summary>
internal sealed class PaddleSigner : ISigner
{
    public const string SchemeName = "paddle";
    public const string SignatureHeader = "Paddle-Signature";

    public string Name => SchemeName;

    public string Description => $"{SignatureHeader}: ts=<unix>;h1=<hex HMAC-SHA256 of \"ts:body\"> (one h1 per --secret)";

    public bool SignsWithSeveralSecrets => true;

    public SignedRequest Sign(SigningInput input)
    {
        var timestamp = input.UnixSeconds.ToString(CultureInfo.InvariantCulture);
        var content = input.TextThenBody(timestamp + ":");
        var value = "ts=" + timestamp;
        foreach (var secret in input.Secrets)
        {
            value += ";h1=" + Digests.Hex(Digests.HmacSha256(secret, content));
        }

        return input.Signed((SignatureHeader, value));
    }
}
