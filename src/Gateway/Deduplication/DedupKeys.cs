using System.Security.Cryptography;
using System.Text;

namespace Gateway.Deduplication;

/// <summary>
/// Dedup keys: <c>{prefix}:{policy}:{sha256(identity)}</c>, so their length is bounded and no client-supplied text shapes them.
/// Also makes the claim tokens that tell one owner from another.
/// </summary>
public static class DedupKeys
{
    public static string For(string prefix, string policy, string identity)
    {
        var bytes = Encoding.UTF8.GetBytes(identity);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        return string.Concat(prefix, ":", policy, ":", Convert.ToHexStringLower(hash));
    }

    /// <summary>A random owner token (128 bits), unique per claim.</summary>
    public static string NewToken()
    {
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        return Convert.ToBase64String(random);
    }
}
