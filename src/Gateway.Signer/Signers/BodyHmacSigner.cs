using System.Security.Cryptography;

namespace Gateway.Signer.Signers;

/// <summary>
/// A provider that signs the raw body alone: <c>header: {prefix}{digest}</c>, digest = HMAC(secret as UTF-8, body) in hex or
/// base64. The provider signers derived from it (Razorpay, Shopify, …) fix these parts, one file each.
/// </summary>
internal abstract class BodyHmacSigner(string name, string header, HashAlgorithmName algorithm, string encoding, string prefix = "") : ISigner
{
    public string Name => name;

    public string Description => $"{header}: {prefix}<{encoding} HMAC-{algorithm.Name} of the body>";

    public SignedRequest Sign(SigningInput input) =>
        input.Signed((header, prefix + Digests.Encode(Digests.Hmac(algorithm, Digests.Utf8(input.Secret), input.Body), encoding)));
}
