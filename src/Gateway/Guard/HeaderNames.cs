using System.Collections.Frozen;
using Gateway.Configuration;

namespace Gateway.Guard;

/// <summary>
/// Request header names the guard acts on, compared as a CGI-style backend compares them (case-insensitive, <c>_</c> read as
/// <c>-</c>: wsgiref, PHP-FPM and others put both in the same <c>HTTP_X_…</c> variable).
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

    private readonly FrozenDictionary<string, Kind> _names;

    public HeaderNames(TrustedHeaderNames trusted)
    {
        Source = trusted;
        var names = new Dictionary<string, Kind>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in RoutingOverrides)
        {
            names[name] = Kind.RoutingOverride;
        }

        foreach (var name in trusted.All)
        {
            names[name.Replace('_', '-')] = Kind.Trusted;
        }

        _names = names.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
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
        if (_names.TryGetValue(name, out var kind))
        {
            return kind;
        }

        // Only a name with '_' can read as another name; the replacement allocates, so only then.
        if (name.Contains('_', StringComparison.Ordinal) && _names.TryGetValue(name.Replace('_', '-'), out kind))
        {
            return kind == Kind.Trusted ? Kind.TrustedLookAlike : kind;
        }

        return Kind.Other;
    }
}
