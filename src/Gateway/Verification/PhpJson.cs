using System.Buffers;
using System.Globalization;
using System.Text;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Gateway.Verification;

/// <summary>
/// Writes a parsed JSON value exactly as PHP's <c>json_encode(json_decode($json, true), $flags)</c> writes it (PHP ≥ 7.1,
/// <c>serialize_precision</c> -1), for senders that sign PHP's re-encoding of their data rather than the bytes they send.
/// </summary>
/// <remarks>
/// What PHP's rendering is: compact; '/' escaped as <c>\/</c>; <c>\b \f \n \r \t</c>, other control characters as lowercase
/// <c>\u00XX</c>; non-ASCII as lowercase <c>\uXXXX</c> (UTF-16 units), or, with <c>JSON_UNESCAPED_UNICODE</c>, as it is except
/// U+2028 and U+2029; integers as decimal, floats in their shortest round-trip digits, as <c>1.0e+25</c> when the decimal
/// exponent is below -4 or above 17. Refused, because a body written otherwise still signs like PHP's rendering of it, so two
/// bodies would sign the same: a number PHP would write otherwise (<c>1.10</c>, <c>1e3</c>, <c>10.0</c>, <c>-0</c>, integers
/// beyond 64 bits), an object PHP would write as a list (<c>{}</c> as <c>[]</c>, keys <c>"0"</c>…<c>"n-1"</c> in order), a
/// duplicate key, and strings PHP cannot decode (a lone surrogate escape).
/// </remarks>
internal static class PhpJson
{
    /// <summary>PHP writes a float in exponent form when its decimal point position lies outside -3…17.</summary>
    private const int MaxFixedPointPosition = 17;
    private const int MinFixedPointPosition = -3;

    private static readonly SearchValues<char> NeedsEscape = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Select(c => (char)c)) + "\"\\/\u2028\u2029");

    /// <summary>
    /// Writes <c>json_encode</c> of <paramref name="value"/>; at the top level the property <paramref name="skip"/> is left
    /// out, as PHP's <c>unset($data[$skip])</c> leaves it. Returns why the body cannot be written unambiguously, or
    /// <see cref="PhpJsonProblem.None"/>.
    /// </summary>
    public static PhpJsonProblem Write(JsonElement value, bool escapeUnicode, ref ContentBuilder output, string? skip = null)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return WriteObject(value, escapeUnicode, ref output, skip);
            case JsonValueKind.Array:
                output.Append("["u8);
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first)
                    {
                        output.Append(","u8);
                    }

                    first = false;
                    var problem = Write(item, escapeUnicode, ref output);
                    if (problem != PhpJsonProblem.None)
                    {
                        return problem;
                    }
                }

                output.Append("]"u8);
                return PhpJsonProblem.None;
            case JsonValueKind.String:
                return TryGetString(value, out var text) ? WriteString(text, escapeUnicode, ref output) : PhpJsonProblem.UndecodableString;
            case JsonValueKind.Number:
                var raw = JsonMarshal.GetRawUtf8Value(value);
                if (!IsPhpSpelling(raw))
                {
                    return PhpJsonProblem.NonCanonicalNumber;
                }

                output.Append(raw);
                return PhpJsonProblem.None;
            default:
                output.Append(JsonMarshal.GetRawUtf8Value(value)); // true, false, null
                return PhpJsonProblem.None;
        }
    }

    /// <summary>Whether a JSON number token is written as PHP writes the value <c>json_decode</c> makes of it.</summary>
    public static bool IsPhpSpelling(ReadOnlySpan<byte> raw)
    {
        Span<char> text = stackalloc char[64];
        if (raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0
            && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer.TryFormat(text, out var length, provider: CultureInfo.InvariantCulture) && Ascii.Equals(raw, text[..length]);
        }

        // Beyond 64 bits an integer becomes a float, as does every token with a fraction or exponent.
        var number = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(number) && Ascii.Equals(raw, FormatDouble(number));
    }

    /// <summary>PHP's <c>json_encode</c> of a float (serialize_precision -1): shortest round-trip digits, laid out as <c>zend_gcvt</c> does.</summary>
    public static string FormatDouble(double value)
    {
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture); // 1.5, 1E+25, 1.5E-07
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        var exponent = e < 0 ? 0 : int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? shortest : shortest[..e];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var allDigits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var digits = allDigits.TrimStart('0');

        // value = 0.d1…dk × 10^point
        var point = (dot < 0 ? mantissa.Length : dot) + exponent - (allDigits.Length - digits.Length);
        digits = digits.TrimEnd('0');
        var sign = value < 0 ? "-" : string.Empty;
        if (point < MinFixedPointPosition || point > MaxFixedPointPosition)
        {
            var power = point - 1;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{sign}{digits[0]}.{(digits.Length > 1 ? digits[1..] : "0")}e{(power < 0 ? '-' : '+')}{Math.Abs(power)}");
        }

        if (point <= 0)
        {
            return sign + "0." + new string('0', -point) + digits;
        }

        return digits.Length <= point
            ? sign + digits + new string('0', point - digits.Length)
            : sign + digits[..point] + "." + digits[point..];
    }

    private static PhpJsonProblem WriteObject(JsonElement obj, bool escapeUnicode, ref ContentBuilder output, string? skip)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        var listLike = true;
        output.Append("{"u8);
        foreach (var property in obj.EnumerateObject())
        {
            if (!TryGetName(property, out var name))
            {
                return PhpJsonProblem.UndecodableString;
            }

            if (!names.Add(name))
            {
                return PhpJsonProblem.DuplicateKey;
            }

            if (skip is not null && string.Equals(name, skip, StringComparison.Ordinal))
            {
                continue;
            }

            // PHP turns the key "7" (not "07" or "-0") into the integer 7; keys 0, 1, … n-1 in order make a list.
            listLike &= string.Equals(name, index.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            if (index++ > 0)
            {
                output.Append(","u8);
            }

            var problem = WriteString(name, escapeUnicode, ref output);
            output.Append(":"u8);
            if (problem == PhpJsonProblem.None)
            {
                problem = Write(property.Value, escapeUnicode, ref output);
            }

            if (problem != PhpJsonProblem.None)
            {
                return problem;
            }
        }

        output.Append("}"u8);
        return listLike ? PhpJsonProblem.ListLikeObject : PhpJsonProblem.None;
    }

    private static PhpJsonProblem WriteString(string text, bool escapeUnicode, ref ContentBuilder output)
    {
        Span<byte> escape = stackalloc byte[6];
        "\\u"u8.CopyTo(escape);
        output.Append("\""u8);
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var next = escapeUnicode ? IndexOfEscapedOrNonAscii(rest) : rest.IndexOfAny(NeedsEscape);
            if (next < 0)
            {
                output.AppendUtf8(rest);
                break;
            }

            output.AppendUtf8(rest[..next]);
            var c = rest[next];
            var shortEscape = c switch
            {
                '"' => "\\\""u8,
                '\\' => "\\\\"u8,
                '/' => "\\/"u8,
                '\b' => "\\b"u8,
                '\f' => "\\f"u8,
                '\n' => "\\n"u8,
                '\r' => "\\r"u8,
                '\t' => "\\t"u8,
                _ => [],
            };
            if (shortEscape.IsEmpty)
            {
                System.Buffers.Text.Utf8Formatter.TryFormat((ushort)c, escape[2..], out _, new StandardFormat('x', 4));
                output.Append(escape);
            }
            else
            {
                output.Append(shortEscape);
            }

            rest = rest[(next + 1)..];
        }

        output.Append("\""u8);
        return PhpJsonProblem.None;
    }

    private static int IndexOfEscapedOrNonAscii(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 0x7F || NeedsEscape.Contains(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A string's value; false for a lone surrogate escape, which PHP's json_decode refuses.</summary>
    private static bool TryGetString(JsonElement value, out string text)
    {
        try
        {
            text = value.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            text = string.Empty;
            return false;
        }
    }

    private static bool TryGetName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = string.Empty;
            return false;
        }
    }
}

/// <summary>Why a body could not be written as PHP's json_encode writes it, unambiguously.</summary>
internal enum PhpJsonProblem
{
    None,

    /// <summary>An object holds the same key twice (PHP keeps the last).</summary>
    DuplicateKey,

    /// <summary>A number PHP would write otherwise.</summary>
    NonCanonicalNumber,

    /// <summary>An object PHP would write as a list: <c>{}</c>, or keys 0…n-1 in order.</summary>
    ListLikeObject,

    /// <summary>A string or key PHP's json_decode refuses (a lone surrogate escape).</summary>
    UndecodableString,
}
