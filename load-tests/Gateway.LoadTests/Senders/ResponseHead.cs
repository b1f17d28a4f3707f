using System.Globalization;
using System.Text;

namespace Gateway.LoadTests.Senders;

/// <summary>What a sender needs from an HTTP/1.1 answer's status line and headers, and how its body is framed.</summary>
internal readonly record struct ResponseHead(int Status, long ContentLength, bool Chunked, bool Close, TimeSpan? RetryAfter)
{
    /// <summary>Parses the head, without its closing empty line.</summary>
    public static ResponseHead Parse(ReadOnlySpan<byte> head)
    {
        var lines = Encoding.ASCII.GetString(head).Split("\r\n");
        if (lines[0].Length < 12 || !lines[0].StartsWith("HTTP/1.", StringComparison.Ordinal) || !int.TryParse(lines[0].AsSpan(9, 3), CultureInfo.InvariantCulture, out var status))
        {
            throw new InvalidDataException($"Not an HTTP/1.x status line: {lines[0]}");
        }

        var answer = new ResponseHead(status, 0, false, false, null);
        foreach (var line in lines.Skip(1).Where(line => line.Contains(':', StringComparison.Ordinal)))
        {
            var colon = line.IndexOf(':');
            var value = line[(colon + 1)..].Trim();
            answer = line[..colon].Trim().ToUpperInvariant() switch
            {
                "CONTENT-LENGTH" => answer with { ContentLength = long.Parse(value, CultureInfo.InvariantCulture) },
                "TRANSFER-ENCODING" => answer with { Chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase) },
                "CONNECTION" => answer with { Close = value.Contains("close", StringComparison.OrdinalIgnoreCase) },
                "RETRY-AFTER" when int.TryParse(value, CultureInfo.InvariantCulture, out var seconds) => answer with { RetryAfter = TimeSpan.FromSeconds(seconds) },
                _ => answer,
            };
        }

        return answer;
    }
}
