using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Signer.Signers;

/// <summary>
/// Fireblocks: <c>Fireblocks-Webhook-Signature</c>, a detached JWS (<c>&lt;header&gt;..&lt;signature&gt;</c>), RS512 over
/// <c>&lt;header&gt;.&lt;base64url(body)&gt;</c>, with <c>kid</c> from <c>--key-id</c>; or, with <c>--legacy</c>, the old
/// <c>Fireblocks-Signature</c>: base64 RSA-SHA512 (PKCS#1 v1.5) of the body.
/// </summary>
internal sealed class FireblocksSigner : ISigner
{
    public const string SchemeName = "fireblocks";
    public const string JwsHeader = "Fireblocks-Webhook-Signature";
    public const string LegacyHeader = "Fireblocks-Signature";

    public string Name => SchemeName;

    public string Description => $"{JwsHeader}: detached RS512 JWS of the body (or with --legacy {LegacyHeader}: base64 RSA-SHA512); --private-key";

    public bool UsesPrivateKey => true;

    public SignedRequest Sign(SigningInput input)
    {
        using var key = PrivateKeys.Rsa(input);
        if (input.Arguments.Legacy)
        {
            var legacy = key.SignData(input.Body, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);
            return input.Signed((LegacyHeader, Convert.ToBase64String(legacy)));
        }

        var header = input.Arguments.KeyId is { } kid
            ? $$"""{"alg":"RS512","kid":"{{kid.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}}"}"""
            : """{"alg":"RS512"}""";
        var protectedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header));
        var signingInput = Encoding.ASCII.GetBytes(protectedHeader + "." + Base64Url.EncodeToString(input.Body));
        var signature = key.SignData(signingInput, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1);
        return input.Signed((JwsHeader, $"{protectedHeader}..{Base64Url.EncodeToString(signature)}"));
    }
}
