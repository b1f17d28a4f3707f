using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Tests.TrustedHeaders;

/// <summary>
/// A backend's check of <c>X-Callback-Gateway-Signature</c> (.NET 9 or later):
/// <c>t=&lt;unix seconds&gt;,v1=&lt;base64 HMAC-SHA256(key, "{t}.{eventId}.{hex sha256(body)}")&gt;</c>, with t within a
/// tolerance of now. Anything malformed is invalid; it never throws on what a client sent.
/// </summary>
public static class BackendSignatureCheck
{
    /// <param name="header">The X-Callback-Gateway-Signature value, or null when absent.</param>
    /// <param name="eventId">The X-Callback-Event-Id value as received, or null when absent.</param>
    /// <param name="body">The request body, byte for byte as received.</param>
    /// <param name="key">The gateway's Gateway:SigningKey as UTF-8 bytes.</param>
    /// <param name="now">The current time, DateTimeOffset.UtcNow.</param>
    /// <param name="tolerance">How far t may lie from now, either way; e.g. 5 minutes.</param>
    public static bool IsValid(string? header, string? eventId, ReadOnlySpan<byte> body, byte[] key, DateTimeOffset now, TimeSpan tolerance)
    {
        // An empty key would accept anyone's signature. The gateway's event ids are printable ASCII.
        if (key.Length == 0 || header is null || string.IsNullOrEmpty(eventId) || eventId.AsSpan().ContainsAnyExceptInRange('!', '~'))
        {
            return false;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in header.Split(','))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0 || !fields.TryAdd(part[..equals], part[(equals + 1)..]))
            {
                return false;
            }
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (!fields.TryGetValue("t", out var t) || t.Length is 0 or > 12
            || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > (long)tolerance.TotalSeconds
            || !fields.TryGetValue("v1", out var v1) || v1.Length != 44
            || !Convert.TryFromBase64String(v1, mac, out var written) || written != mac.Length)
        {
            return false;
        }

        var content = Encoding.UTF8.GetBytes($"{t}.{eventId}.{Convert.ToHexStringLower(SHA256.HashData(body))}");
        return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, content), mac);
    }
}
