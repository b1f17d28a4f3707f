using System.Buffers;
using System.Collections.Frozen;
using Gateway.Configuration;

namespace Gateway.Guard;

/// <summary>
/// Request header names the guard acts on, compared as a CGI-style backend compares them: case-insensitive, <c>_</c> read as
/// <c>-</c> (wsgiref, PHP-FPM and others put both in the same <c>HTTP_X_…</c> variable), and so is every other character
/// that is not a letter or digit (lighttpd's CGI and FastCGI file <c>X.Callback.Verified</c> as <c>HTTP_X_CALLBACK_VERIFIED</c>).
/// </summary>
internal sealed class HeaderNames
{
    /// <summary>
    /// Headers that make some backends route a request to another path or method than the one in the request line (IIS URL
    /// Rewrite, Symfony, Laravel, Express' method-override): removed on every route, so the path guard sees what the backend does.
    /// </summary>
    public static readonly string[] RoutingOverrides =
    [
        "X-Original-URL", "X-Rewrite-URL", "X-Original-Method", "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override",
    ];

    /// <summary>The characters a header name keeps in every CGI server's variable name; any other may be read as <c>-</c>.</summary>
    private static readonly SearchValues<char> KeptAsIs = SearchValues.Create("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Every name in its CGI form (<see cref="CgiForm"/>): what a CGI-style backend files it under.</summary>
    private readonly FrozenDictionary<string, Kind> _names;

    /// <summary>The trusted names exactly as configured: the only spellings that are stripped rather than refused.</summary>
    private readonly FrozenSet<string> _trusted;

    public HeaderNames(TrustedHeaderNames trusted)
    {
        Source = trusted;
        var names = new Dictionary<string, Kind>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in RoutingOverrides)
        {
            names[CgiForm(name)] = Kind.RoutingOverride;
        }

        foreach (var name in trusted.All)
        {
            names[CgiForm(name)] = Kind.Trusted;
        }

        _names = names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _trusted = trusted.All.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The configured names these were built from.</summary>
    public TrustedHeaderNames Source { get; }

    public enum Kind
    {
        Other,

        /// <summary>A trusted header's exact name: stripped by the trusted-header transform, then set by the gateway.</summary>
        Trusted,

        /// <summary>Not a trusted header's name, but one a CGI-style backend reads as one: an attack.</summary>
        TrustedLookAlike,

        RoutingOverride,
    }

    public Kind Classify(string name)
    {
        if (_trusted.Contains(name))
        {
            return Kind.Trusted;
        }

        // A name of letters, digits and '-' is its own CGI form; only another name needs the copy, which allocates.
        var form = name.AsSpan().ContainsAnyExcept(KeptAsIs) ? CgiForm(name) : name;
        return _names.TryGetValue(form, out var kind)
            ? kind == Kind.Trusted ? Kind.TrustedLookAlike : kind
            : Kind.Other;
    }

    /// <summary><paramref name="name"/> with every character that is not a letter or digit read as <c>-</c>.</summary>
    private static string CgiForm(string name) => string.Create(name.Length, name, static (form, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            form[i] = char.IsAsciiLetterOrDigit(source[i]) ? source[i] : '-';
        }
    });
}
