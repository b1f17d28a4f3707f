using System.Globalization;

namespace Gateway.Signer.Signers;

/// <summary>Stripe: <c>Stripe-Signature: t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256(secret, "t.body")&gt;</c>, one <c>v1</c> per secret; the <c>whsec_</c> secret is used as-is.</summary>
internal sealed class StripeSigner : ISigner
{
    public const string SchemeName = "stripe";
    public const string SignatureHeader = "Stripe-Signature";

    public string Name => SchemeName;

    public string Description => $"{SignatureHeader}: t=<unix>,v1=<hex HMAC-SHA256 of \"t.body\"> (one v1 per --secret)";

    public bool SignsWithSeveralSecrets => true;

    public SignedRequest Sign(SigningInput input)
    {
        var timestamp = input.UnixSeconds.ToString(CultureInfo.InvariantCulture);
        var content = input.TextThenBody(timestamp + ".");
        var value = "t=" + timestamp;
        foreach (var secret in input.Secrets)
        {
            value += ",v1=" + Digests.Hex(Digests.HmacSha256(secret, content));
        }

        return input.Signed((SignatureHeader, value));
    }
}
