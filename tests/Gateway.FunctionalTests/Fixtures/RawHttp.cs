using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Gateway.Tests.Fixtures;

/// <summary>
/// HTTP/1.1 written byte for byte on a raw TCP connection, for what HttpClient will not send: other request-line forms,
/// lowercase methods, upgrades, conflicting framing, pipelined requests. Reads every answer until the server closes.
/// </summary>
public static class RawHttp
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <paramref name="request"/> (headers, content headers, body) as HTTP/1.1 text, with another <paramref name="method"/> or
    /// request <paramref name="target"/> if given, <paramref name="extraHeaders"/> (each line ending in CRLF) and
    /// <c>Connection: close</c> unless <paramref name="close"/> is false; the body's bytes as Latin-1 characters.
    /// </summary>
    public static async Task<string> FormatAsync(HttpRequestMessage request, string? method = null, string? target = null, string extraHeaders = "", bool close = true)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync();
        var text = new StringBuilder($"{method ?? request.Method.Method} {target ?? request.RequestUri!.OriginalString} HTTP/1.1\r\nHost: gateway\r\n");
        var headers = request.Content is null ? request.Headers : request.Headers.Concat(request.Content.Headers);
        foreach (var (name, values) in headers)
        {
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in values)
                {
                    text.Append(name).Append(": ").Append(value).Append("\r\n");
                }
            }
        }

        text.Append("Content-Length: ").Append(body.Length).Append("\r\n").Append(extraHeaders);
        if (close)
        {
            text.Append("Connection: close\r\n");
        }

        return text.Append("\r\n").Append(Encoding.Latin1.GetString(body)).ToString();
    }

    /// <summary>Sends <paramref name="request"/> (Latin-1, so any byte can be written) and parses every response until the connection closes.</summary>
    /// <param name="port">The gateway's port on 127.0.0.1.</param>
    /// <param name="request">The raw bytes; the last request should carry <c>Connection: close</c>.</param>
    /// <param name="head">The request is HEAD: its response has no body.</param>
    /// <param name="endOfInput">Half-close after writing, as a client that has nothing more to send.</param>
    public static async Task<IReadOnlyList<RawResponse>> SendAsync(int port, string request, bool head = false, bool endOfInput = false)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        if (endOfInput)
        {
            tcp.Client.Shutdown(SocketShutdown.Send);
        }

        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(ReadTimeout);
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // Reset after the answer, or no close within the timeout: what arrived is what the test judges.
        }

        return RawResponse.ParseAll(Encoding.Latin1.GetString(received.ToArray()), head);
    }
}

/// <summary>One HTTP/1.1 response read off the wire.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    /// <summary>The problem+json <c>title</c> (the gateway's outcome label), or null when the body is not problem details.</summary>
    public string? Title =>
        Body.Length > 0 && Headers.TryGetValue("Content-Type", out var type) && type.StartsWith("application/problem+json", StringComparison.Ordinal)
            ? JsonDocument.Parse(Body).RootElement.GetProperty("title").GetString()
            : null;

    public static IReadOnlyList<RawResponse> ParseAll(string text, bool head)
    {
        var responses = new List<RawResponse>();
        var position = 0;
        while (position < text.Length)
        {
            var end = text.IndexOf("\r\n\r\n", position, StringComparison.Ordinal);
            if (end < 0)
            {
                break;
            }

            var lines = text[position..end].Split("\r\n");
            var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var name = line[..colon];
                var value = line[(colon + 1)..].Trim();
                headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
            }

            position = end + 4;
            var body = head || status is < 200 or 204 or 304 ? string.Empty : ReadBody(text, headers, ref position);
            if (status >= 200)
            {
                responses.Add(new RawResponse(status, headers, body));
            }
        }

        return responses;
    }

    private static string ReadBody(string text, Dictionary<string, string> headers, ref int position)
    {
        if (headers.TryGetValue("Transfer-Encoding", out var coding) && coding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            var body = new StringBuilder();
            while (true)
            {
                var lineEnd = text.IndexOf("\r\n", position, StringComparison.Ordinal);
                var size = Convert.ToInt32(text[position..lineEnd].Split(';')[0], 16);
                position = lineEnd + 2;
                if (size == 0)
                {
                    position = text.IndexOf("\r\n", position, StringComparison.Ordinal) + 2; // no trailers from these servers
                    return body.ToString();
                }

                body.Append(text, position, size);
                position += size + 2;
            }
        }

        if (headers.TryGetValue("Content-Length", out var length))
        {
            var count = int.Parse(length, System.Globalization.CultureInfo.InvariantCulture);
            var body = text.Substring(position, count);
            position += count;
            return body;
        }

        var rest = text[position..];
        position = text.Length;
        return rest;
    }
}
