using System.Text;
using Gateway.Signer.Signers;

namespace Gateway.Signer;

/// <summary>Writes a signed request as a ready-to-run POSIX-shell <c>curl</c> command.</summary>
internal static class CurlCommand
{
    /// <summary>The body goes as <c>--data-binary @bodyFile</c> when it came from a file the signer left unchanged, else quoted inline.</summary>
    public static string Format(SignedRequest request, string? bodyFile)
    {
        // -g: no URL globbing, so [] and {} in a query reach the gateway as signed.
        var command = new StringBuilder("curl -sS -i -g ").Append(Quote(request.Url));
        foreach (var (name, value) in request.Headers)
        {
            command.Append(" \\\n  -H ").Append(Quote($"{name}: {value}"));
        }

        command.Append(" \\\n  --data-binary ").Append(
            bodyFile is not null && !request.BodyChanged ? Quote("@" + bodyFile) : Quote(Encoding.UTF8.GetString(request.Body)));
        return command.ToString();
    }

    /// <summary>Single-quotes for a POSIX shell unless the text is plainly safe; a quote inside becomes <c>'\''</c>.</summary>
    public static string Quote(string text)
    {
        var safe = text.Length > 0;
        foreach (var c in text)
        {
            safe &= char.IsAsciiLetterOrDigit(c) || "@%+=:,./_-".Contains(c, StringComparison.Ordinal);
        }

        return safe ? text : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
