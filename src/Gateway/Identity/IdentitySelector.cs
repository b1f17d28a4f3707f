using System.Diagnostics.CodeAnalysis;

namespace Gateway.Identity;

/// <summary>One parsed identity selector.</summary>
internal sealed record IdentitySelector(IdentitySource Source, string Name, string[] PointerSegments)
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
