using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.Senders;

/// <summary>
/// Signs callbacks as the sender does: hex HMAC-SHA256 with the shared secret over <c>{timestamp}.{body}</c>. Written
/// here from the scheme's description, sharing no code with the gateway's verifier.
/// </summary>
internal static class CallbackSigner
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes(GatewayConfig.Secret);

    public static SignedCallback Sign(string eventId, DateTimeOffset now)
    {
        var timestamp = now.ToUnixTimeSeconds();
        var body = CallbackBody.For(eventId, timestamp);
        var text = timestamp.ToString(CultureInfo.InvariantCulture);
        byte[] signed = [.. Encoding.UTF8.GetBytes(text + "."), .. body];
        return new SignedCallback(eventId, text, GatewayConfig.SignaturePrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Secret, signed)), body);
    }
}
