using System.Globalization;
using System.Security.Cryptography;
using Gateway.Verification;

namespace Gateway.TrustedHeaders;

/// <summary>
/// The gateway's own signature, for backends that want to check that a callback came through the gateway:
/// <c>t=&lt;unix seconds&gt;,v1=&lt;base64 HMAC-SHA256(key, "{t}.{eventId}.{hex sha256(body)}")&gt;</c>.
/// </summary>
internal static class GatewaySignature
{
    public static string Create(byte[] key, DateTimeOffset now, string eventId, ReadOnlySpan<byte> body)
    {
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Span<byte> bodyHash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, bodyHash);

        var content = new ContentBuilder(timestamp.Length + eventId.Length + 2 + (SHA256.HashSizeInBytes * 2));
        try
        {
            content.AppendUtf8(timestamp);
            content.Append("."u8);
            content.AppendUtf8(eventId);
            content.Append("."u8);
            content.AppendUtf8(Convert.ToHexStringLower(bodyHash));
            Span<byte> mac = stackalloc byte[SHA256.HashSizeInBytes];
            HMACSHA256.HashData(key, content.Written, mac);
            return $"t={timestamp},v1={Convert.ToBase64String(mac)}";
        }
        finally
        {
            content.Dispose();
        }
    }
}
