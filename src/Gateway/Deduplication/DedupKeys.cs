using System.Security.Cryptography;
using System.Text;

namespace Gateway.Deduplication;

/// <summary>
/// Dedup keys: <c>{prefix}:{policy}:{sha256(identity)}</c>, so their length is bounded and no client-supplied text shapes them.
/// Also makes the claim tokens that tell one owner from another.
/// </summary>
internal static class DedupKeys
{
    public static string For(string prefix, string policy, string identity)
    {
        var bytes = Encoding.UTF8.GetBytes(identity);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        return string.Concat(prefix, ":", policy, ":", Convert.ToHexStringLower(hash));
    }

    /// <summary>128 random bits drawn once per process: they tell this gateway instance's claims from every other's.</summary>
    private static readonly string InstancePrefix = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)) + ":";

    private static long _sequence;

    /// <summary>
    /// An owner token unique per claim: this process's random prefix and a sequence number. A token only has to be unique,
    /// not unguessable (the store compares it; no client ever sees it), and the system's random source costs microseconds
    /// per call on some machines (BENCHMARKS.md), more than the rest of a claim.
    /// </summary>
    public static string NewToken() =>
        string.Concat(InstancePrefix, Interlocked.Increment(ref _sequence).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
}
