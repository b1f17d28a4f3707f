using System.Security.Cryptography;

namespace Gateway.Signer.Signers;

/// <summary>Circle: <c>X-Circle-Signature</c> = base64 ECDSA P-256 SHA-256 (DER) of the body; <c>X-Circle-Key-Id</c> = <c>--key-id</c>.</summary>
internal sealed class CircleSigner : ISigner
{
    public const string SchemeName = "circle";
    public const string SignatureHeader = "X-Circle-Signature";
    public const string KeyIdHeader = "X-Circle-Key-Id";

    public string Name => SchemeName;

    public string Description => $"{SignatureHeader}: base64 ECDSA SHA-256 (DER) of the body, {KeyIdHeader} from --key-id; --private-key";

    public bool UsesPrivateKey => true;

    public SignedRequest Sign(SigningInput input)
    {
        var keyId = input.Arguments.KeyId ?? throw new UsageException($"circle needs --key-id (sent as {KeyIdHeader}).");
        using var key = PrivateKeys.Ecdsa(input);
        var signature = key.SignData(input.Body, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return input.Signed((SignatureHeader, Convert.ToBase64String(signature)), (KeyIdHeader, keyId));
    }
}
