using System.Security.Cryptography;
using System.Text;

namespace Gateway.Signer.Signers;

/// <summary>HMAC, hashing and the digest encodings the signers share; plain BCL calls, nothing borrowed from the gateway.</summary>
internal static class Digests
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] HmacSha256(string secret, byte[] content) => HMACSHA256.HashData(Utf8(secret), content);

    public static byte[] Hmac(HashAlgorithmName algorithm, byte[] key, byte[] content) => CryptographicOperations.HmacData(algorithm, key, content);

    public static string Hex(byte[] digest) => Convert.ToHexStringLower(digest);

    public static HashAlgorithmName ParseAlgorithm(string name) => name.ToUpperInvariant().Replace("-", string.Empty, StringComparison.Ordinal) switch
    {
        "SHA1" => HashAlgorithmName.SHA1,
        "SHA256" => HashAlgorithmName.SHA256,
        "SHA512" => HashAlgorithmName.SHA512,
        _ => throw new UsageException($"--algorithm '{name}' is not one of SHA1, SHA256, SHA512."),
    };

    /// <summary>Encodes a digest as <c>hex</c> (lowercase) or <c>base64</c>, the two encodings senders use.</summary>
    public static string Encode(byte[] digest, string encoding) => encoding.ToLowerInvariant() switch
    {
        "hex" => Hex(digest),
        "base64" => Convert.ToBase64String(digest),
        _ => throw new UsageException($"--encoding '{encoding}' is not one of hex, base64."),
    };

    /// <summary>Decodes a base64 secret (Standard Webhooks, Crypto2B), naming the scheme when it is not base64.</summary>
    public static byte[] Base64Secret(string secret, string scheme)
    {
        try
        {
            return Convert.FromBase64String(secret);
        }
        catch (FormatException)
        {
            throw new UsageException($"{scheme}: the secret must be base64 (the scheme keys the HMAC with its decoded bytes).");
        }
    }
}
