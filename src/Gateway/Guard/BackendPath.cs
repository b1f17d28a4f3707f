using System.Buffers;
using System.Text;

namespace Gateway.Guard;

/// <summary>
/// A request path as a lenient backend would read it, so the guard can tell which handler a request would reach, not only
/// which route YARP matched. Each step is something a common server does: percent-decoding (repeated, as double-decoding
/// frameworks do; <c>%uXXXX</c> as IIS does), <c>\</c> as <c>/</c> (IIS), a NUL ending the path (C-string backends), a
/// decoded <c>?</c> or <c>#</c> ending it (routers that decode the whole target before splitting off the query, as in
/// <c>parse_url(urldecode($_SERVER['REQUEST_URI']))</c>), <c>;</c> parameters dropped (Tomcat, Jetty, Spring), empty segments
/// collapsed (nginx merge_slashes), dot segments resolved, whitespace and trailing dots trimmed (IIS, Windows), case folded,
/// a trailing extension dropped (Rails' <c>.json</c> format, Spring's suffix patterns), and a script followed by PATH_INFO
/// read both ways (<see cref="Readings"/>). Normalising more than any one backend does only widens what is guarded.
/// </summary>
internal static class BackendPath
{
    /// <summary>Percent-decoding rounds: enough for double and triple encoding, bounded so a request cannot make it loop.</summary>
    private const int DecodeRounds = 4;

    private static readonly char[] TrailingJunk = [.. ". \t\r\n\v\f\u00a0\u0085"];

    /// <summary>Where a decoded path ends: a NUL for C-string backends, <c>?</c> and <c>#</c> for decode-then-split routers.</summary>
    private static readonly char[] DecodedPathEnd = ['\0', '?', '#'];

    /// <summary>Characters that every backend reads as written: no decoding, trimming, parameters or extensions apply.</summary>
    private static readonly SearchValues<char> PlainCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_~/");

    /// <summary>
    /// Whether <paramref name="path"/> (without its query) is already in normal form but for case: plain characters only,
    /// starting with <c>/</c>, no empty segment, no trailing <c>/</c>. Its segments are then its own, compared ignoring case.
    /// </summary>
    public static bool IsPlain(ReadOnlySpan<char> path) =>
        path.Length > 1 && path[0] == '/' && path[^1] != '/' && path.IndexOf("//", StringComparison.Ordinal) < 0
        && path.IndexOfAnyExcept(PlainCharacters) < 0;

    /// <summary>The segments of the path in <paramref name="target"/> (the raw request target, query and all), normalised.</summary>
    public static string[] Segments(string target) => WithoutLastExtension(Normalised(target));

    /// <summary>
    /// Every path a lenient backend may run for <paramref name="target"/>: its <see cref="Segments"/>, and for each segment
    /// before the last that names a script (it has an extension), the two readings of PATH_INFO (PHP, CGI, ASP.NET): the
    /// script itself (<c>/hooks/hmac.php/x</c> runs <c>/hooks/hmac</c>) and the path after it, which a front controller
    /// routes (<c>/index.php/hooks/hmac</c> is <c>/hooks/hmac</c> to Laravel, Symfony, CodeIgniter…).
    /// </summary>
    public static string[][] Readings(string target)
    {
        var segments = Normalised(target);
        List<string[]>? readings = null;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            var script = WithoutExtension(segments[i]);
            if (script.Length < segments[i].Length)
            {
                readings ??= [WithoutLastExtension(segments)];
                readings.Add([.. segments.GetRange(0, i), script]);
                readings.Add(WithoutLastExtension(segments.GetRange(i + 1, segments.Count - i - 1)));
            }
        }

        return readings is null ? [WithoutLastExtension(segments)] : [.. readings];
    }

    private static List<string> Normalised(string target)
    {
        var path = PathOf(target);
        for (var round = 0; round < DecodeRounds && path.Contains('%'); round++)
        {
            path = PercentDecode(path);
        }

        var end = path.IndexOfAny(DecodedPathEnd);
        if (end >= 0)
        {
            path = path[..end];
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

        return segments;
    }

    private static string[] WithoutLastExtension(List<string> segments)
    {
        string[] result = [.. segments];
        if (result.Length > 0)
        {
            result[^1] = WithoutExtension(result[^1]);
        }

        return result;
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
