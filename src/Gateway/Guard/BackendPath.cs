using System.Text;

namespace Gateway.Guard;

/// <summary>
/// A request path as a lenient backend would read it, so the guard can tell which handler a request would reach, not only
/// which route YARP matched. Each step is something a common server does: percent-decoding (repeated, as double-decoding
/// frameworks do; <c>%uXXXX</c> as IIS does), <c>\</c> as <c>/</c> (IIS), a NUL ending the path (C-string backends),
/// <c>;</c> parameters dropped (Tomcat, Jetty, Spring), empty segments collapsed (nginx merge_slashes), dot segments
/// resolved, whitespace and trailing dots trimmed (IIS, Windows), case folded, and a trailing extension dropped (Rails'
/// <c>.json</c> format, Spring's suffix patterns). Normalising more than any one backend does only widens what is guarded.
/// </summary>
internal static class BackendPath
{
    /// <summary>Percent-decoding rounds: enough for double and triple encoding, bounded so a request cannot make it loop.</summary>
    private const int DecodeRounds = 4;

    private static readonly char[] TrailingJunk = [.. ". \t\r\n\v\f\u00a0\u0085"];

    /// <summary>The segments of the path in <paramref name="target"/> (the raw request target, query and all), normalised.</summary>
    public static string[] Segments(string target)
    {
        var path = PathOf(target);
        for (var round = 0; round < DecodeRounds && path.Contains('%'); round++)
        {
            path = PercentDecode(path);
        }

        var nul = path.IndexOf('\0');
        if (nul >= 0)
        {
            path = path[..nul];
        }

        var segments = new List<string>();
        foreach (var raw in path.Split('/', '\\'))
        {
            var segment = Segment(raw, out var dots);
            if (dots == 2)
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment.Length > 0)
            {
                segments.Add(segment);
            }
        }

        if (segments.Count > 0)
        {
            segments[^1] = WithoutExtension(segments[^1]);
        }

        return [.. segments];
    }

    /// <summary>One segment of a route template's literal text, normalised the same way.</summary>
    public static string Segment(string raw) => Segment(raw, out _);

    /// <summary>One segment normalised; <paramref name="dots"/> is the length of a segment of dots only (<c>..</c> is 2), else 0.</summary>
    private static string Segment(string raw, out int dots)
    {
        var semicolon = raw.IndexOf(';');
        var segment = (semicolon >= 0 ? raw[..semicolon] : raw).Trim();
        dots = segment.Length > 0 && segment.AsSpan().IndexOfAnyExcept('.') < 0 ? segment.Length : 0;

        // Trailing dots and whitespace in any mix ("github. ", "github .") as Windows file names lose them; "..." goes too.
        return segment.TrimEnd(TrailingJunk).ToLowerInvariant();
    }

    /// <summary>A segment without its extension (<c>github.json</c> → <c>github</c>); a leading dot is a name, not an extension.</summary>
    public static string WithoutExtension(string segment)
    {
        var dot = segment.IndexOf('.', 1);
        return dot > 0 ? segment[..dot] : segment;
    }

    private static string PathOf(string target)
    {
        var end = target.AsSpan().IndexOfAny('?', '#');
        var path = end >= 0 ? target[..end] : target;

        // Absolute form (a proxy-style request line): the path starts after the authority.
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0 && path.AsSpan(0, scheme).IndexOf('/') < 0)
        {
            var slash = path.IndexOf('/', scheme + 3);
            path = slash >= 0 ? path[slash..] : "/";
        }

        return path;
    }

    /// <summary>Decodes <c>%XX</c> (as UTF-8, invalid sequences as U+FFFD) and <c>%uXXXX</c>; a malformed escape stays as it is.</summary>
    private static string PercentDecode(string text)
    {
        var result = new StringBuilder(text.Length);
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && IsHex(text[i + 1]) && IsHex(text[i + 2]))
            {
                bytes.Add((byte)((Hex(text[i + 1]) << 4) | Hex(text[i + 2])));
                i += 2;
                continue;
            }

            Flush(bytes, result);
            if (text[i] == '%' && i + 5 < text.Length && (text[i + 1] is 'u' or 'U')
                && IsHex(text[i + 2]) && IsHex(text[i + 3]) && IsHex(text[i + 4]) && IsHex(text[i + 5]))
            {
                result.Append((char)((Hex(text[i + 2]) << 12) | (Hex(text[i + 3]) << 8) | (Hex(text[i + 4]) << 4) | Hex(text[i + 5])));
                i += 5;
                continue;
            }

            result.Append(text[i]);
        }

        Flush(bytes, result);
        return result.ToString();
    }

    private static void Flush(List<byte> bytes, StringBuilder result)
    {
        if (bytes.Count > 0)
        {
            result.Append(Encoding.UTF8.GetString([.. bytes]));
            bytes.Clear();
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int Hex(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
