using System.Globalization;
using System.Text;
using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.Senders;

/// <summary>Requests as the bytes a sender writes on the wire.</summary>
internal static class HttpRequestBytes
{
    public static byte[] Get(Uri url) => Encoding.ASCII.GetBytes($"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n");

    /// <summary>A callback to the callback route; <paramref name="attempt"/>, when given, goes as <c>X-Attempt</c>: which try of this callback this is (the retry storm's backend reads it).</summary>
    public static byte[] Callback(Uri gateway, SignedCallback callback, int? attempt)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"POST {GatewayConfig.CallbackPath} HTTP/1.1\r\nHost: {gateway.Authority}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: application/json\r\nContent-Length: {callback.Body.Length}\r\n")
            .Append(CultureInfo.InvariantCulture, $"{GatewayConfig.TimestampHeader}: {callback.Timestamp}\r\n{GatewayConfig.SignatureHeader}: {callback.Signature}\r\n");
        if (attempt is { } number)
        {
            head.Append(CultureInfo.InvariantCulture, $"X-Attempt: {number}\r\n");
        }

        return [.. Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()), .. callback.Body];
    }
}
