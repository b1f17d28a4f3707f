namespace Gateway.Verification;

/// <summary>
/// How an event identity is written, in one place for the policy's selectors and the schemes' own identities: each part
/// percent-escaped, joined with ':'. So "a:b" + "c" and "a" + "b:c" differ, and the result is safe as a header value.
/// </summary>
internal static class IdentityText
{
    public static string Join(params ReadOnlySpan<string> parts)
    {
        if (parts.Length == 1)
        {
            return Uri.EscapeDataString(parts[0]);
        }

        var escaped = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            escaped[i] = Uri.EscapeDataString(parts[i]);
        }

        return string.Join(':', escaped);
    }
}
