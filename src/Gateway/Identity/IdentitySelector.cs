using System.Diagnostics.CodeAnalysis;

namespace Gateway.Identity;

/// <summary>Where one part of an event's identity comes from.</summary>
public enum IdentitySource
{
    /// <summary>A JSON pointer into the body, e.g. <c>/data/id</c>.</summary>
    JsonPointer,

    /// <summary>A field of an <c>application/x-www-form-urlencoded</c> body: <c>form:invoice_id</c>.</summary>
    FormField,

    /// <summary>A request header: <c>header:webhook-id</c> (only where the scheme signs it).</summary>
    Header,
}

/// <summary>One parsed identity selector.</summary>
public sealed record IdentitySelector(IdentitySource Source, string Name, string[] PointerSegments)
{
    public const string FormPrefix = "form:";
    public const string HeaderPrefix = "header:";

    public static bool TryParse(string text, [NotNullWhen(true)] out IdentitySelector? selector)
    {
        selector = null;
        if (text.StartsWith('/'))
        {
            // RFC 6901: '~1' is '/', '~0' is '~'.
            var segments = text[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
            selector = new IdentitySelector(IdentitySource.JsonPointer, text, segments);
        }
        else if (text.StartsWith(FormPrefix, StringComparison.OrdinalIgnoreCase) && text.Length > FormPrefix.Length)
        {
            selector = new IdentitySelector(IdentitySource.FormField, text[FormPrefix.Length..], []);
        }
        else if (text.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase) && text.Length > HeaderPrefix.Length)
        {
            selector = new IdentitySelector(IdentitySource.Header, text[HeaderPrefix.Length..], []);
        }

        return selector is not null;
    }

    public override string ToString() => Source switch
    {
        IdentitySource.FormField => FormPrefix + Name,
        IdentitySource.Header => HeaderPrefix + Name,
        _ => Name,
    };
}
