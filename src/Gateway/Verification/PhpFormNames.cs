using System.Buffers;

namespace Gateway.Verification;

/// <summary>
/// The name under which PHP files a form field in <c>$_POST</c> or <c>parse_str</c>'s result, as
/// <c>php_register_variable_ex</c> (main/php_variables.c) derives it from the URL-decoded name. Senders and most
/// merchant backends of form callbacks are PHP, so a gateway that binds a field by its literal name must know which other
/// names PHP reads as the same field.
/// </summary>
internal static class PhpFormNames
{
    /// <summary>Before the first '[', PHP turns these into '_'.</summary>
    private static readonly SearchValues<char> Mangled = SearchValues.Create(" .");

    /// <summary>After an unmatched '[' (which itself becomes '_'), PHP turns these into '_'.</summary>
    private static readonly SearchValues<char> MangledAfterBracket = SearchValues.Create(" .[");

    /// <summary>
    /// The top-level key PHP gives the field named <paramref name="decodedName"/>; empty when PHP drops the field.
    /// </summary>
    /// <remarks>
    /// PHP reads the name as a C string (it ends at the first NUL), skips leading spaces, turns ' ' and '.' into '_', and
    /// cuts the name at the first '[' when a ']' follows somewhere after it (<c>invoice_id[]</c>, <c>invoice_id[x]</c> and
    /// <c>invoice_id[[]</c> are all arrays named <c>invoice_id</c>); a '[' without a ']' after it becomes '_', and so do
    /// ' ', '.' and '[' after it (PHP 8: <c>invoice[id</c> is <c>invoice_id</c>). An empty name is dropped.
    /// </remarks>
    public static string TopLevelName(string decodedName)
    {
        var name = decodedName.AsSpan();
        var nul = name.IndexOf('\0');
        name = (nul < 0 ? name : name[..nul]).TrimStart(' ');
        var bracket = name.IndexOf('[');
        if (bracket < 0)
        {
            return Underscored(name, Mangled);
        }

        var prefix = Underscored(name[..bracket], Mangled);
        var rest = name[(bracket + 1)..];
        return prefix.Length == 0 || rest.Contains(']') ? prefix : prefix + "_" + Underscored(rest, MangledAfterBracket);
    }

    private static string Underscored(ReadOnlySpan<char> name, SearchValues<char> mangled)
    {
        if (!name.ContainsAny(mangled))
        {
            return new string(name);
        }

        var chars = name.ToArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (mangled.Contains(chars[i]))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }
}
