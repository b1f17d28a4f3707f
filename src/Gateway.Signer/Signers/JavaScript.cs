using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gateway.Signer.Signers;

/// <summary>
/// JavaScript's <c>String(value)</c> and <c>JSON.stringify(value)</c> for a value parsed from JSON, as a Node sender computes them
/// after <c>JSON.parse</c>: numbers become doubles and print in ECMAScript's shortest form, object keys follow ECMAScript's own
/// property order, strings are quoted as <c>JSON.stringify</c> quotes them.
/// </summary>
internal static class JavaScript
{
    /// <summary>ECMAScript <c>Number::toString(x)</c> (radix 10).</summary>
    public static string NumberToString(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (value == 0)
        {
            return "0"; // also -0
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value < 0)
        {
            return "-" + NumberToString(-value);
        }

        // The spec's s (digits, k of them) and n (decimal point position): value = s × 10^(n−k), k as small as possible.
        var (digits, n) = ShortestDigits(value);
        var k = digits.Length;
        if (k <= n && n <= 21)
        {
            return digits + new string('0', n - k);
        }

        if (0 < n && n <= 21)
        {
            return digits[..n] + "." + digits[n..];
        }

        if (-6 < n && n <= 0)
        {
            return "0." + new string('0', -n) + digits;
        }

        var exponent = n - 1;
        var suffix = (exponent < 0 ? "e-" : "e+") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
        return k == 1 ? digits + suffix : digits[..1] + "." + digits[1..] + suffix;
    }

    /// <summary>
    /// The shortest digits that round-trip to <paramref name="value"/> (what Number::toString asks for) and the decimal point's
    /// position, read from .NET's round-trip format ("1.1", "1E+21", "1.23E-07"), which is shortest since .NET Core 3.0.
    /// </summary>
    private static (string Digits, int PointPosition) ShortestDigits(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        var exponent = e < 0 ? 0 : int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? text : text[..e];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        return (digits.Trim('0'), (dot < 0 ? mantissa.Length : dot) - leadingZeros + exponent);
    }

    /// <summary><c>String(value)</c>: strings as they are, numbers per <see cref="NumberToString"/>, objects, arrays and null as <c>JSON.stringify</c>.</summary>
    public static string String(JsonElement value, string path, List<string> notes) => value.ValueKind switch
    {
        JsonValueKind.String => ReadString(value, path),
        JsonValueKind.Number => NumberToString(Number(value, path, notes)),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => Stringify(value, path, notes),
    };

    /// <summary><c>JSON.stringify(value)</c>: compact, keys in ECMAScript property order.</summary>
    public static string Stringify(JsonElement value, string path, List<string> notes)
    {
        var text = new StringBuilder();
        Stringify(text, value, path, notes);
        return text.ToString();
    }

    /// <summary>The properties of an object as JavaScript holds them after <c>JSON.parse</c>: a repeated key keeps its first place and its last value.</summary>
    public static List<KeyValuePair<string, JsonElement>> Properties(JsonElement value, string path, List<string> notes)
    {
        var properties = new List<KeyValuePair<string, JsonElement>>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (positions.TryGetValue(property.Name, out var position))
            {
                notes.Add($"{path}/{property.Name} appears twice; signed with its last value as JavaScript's JSON.parse keeps it.");
                properties[position] = new(property.Name, property.Value);
            }
            else
            {
                positions[property.Name] = properties.Count;
                properties.Add(new(property.Name, property.Value));
            }
        }

        return properties;
    }

    /// <summary>Appends <paramref name="value"/> quoted as <c>JSON.stringify</c> quotes a string (ES2019 well-formed: lone surrogates escaped).</summary>
    public static void Quote(StringBuilder text, string value)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case '\b':
                    text.Append("\\b");
                    break;
                case '\f':
                    text.Append("\\f");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\r':
                    text.Append("\\r");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        text.Append(c).Append(value[++i]);
                    }
                    else if (c < ' ' || char.IsSurrogate(c))
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        text.Append('"');
    }

    private static void Stringify(StringBuilder text, JsonElement value, string path, List<string> notes)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                text.Append('{');
                var first = true;
                foreach (var (key, item) in InPropertyOrder(Properties(value, path, notes)))
                {
                    text.Append(first ? "" : ",");
                    first = false;
                    Quote(text, key);
                    text.Append(':');
                    Stringify(text, item, $"{path}/{key}", notes);
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    text.Append(index == 0 ? "" : ",");
                    Stringify(text, item, $"{path}/{index++}", notes);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                Quote(text, ReadString(value, path));
                break;
            case JsonValueKind.Number:
                var number = Number(value, path, notes);
                text.Append(double.IsFinite(number) ? NumberToString(number) : "null");
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            default:
                text.Append("null");
                break;
        }
    }

    /// <summary>ECMAScript's OrdinaryOwnPropertyKeys: array-index keys ("0", "1", … below 2³²−1) first in numeric order, then the others as inserted.</summary>
    private static IEnumerable<KeyValuePair<string, JsonElement>> InPropertyOrder(List<KeyValuePair<string, JsonElement>> properties)
    {
        var indices = properties.Where(p => ArrayIndex(p.Key) is not null).OrderBy(p => ArrayIndex(p.Key));
        return indices.Concat(properties.Where(p => ArrayIndex(p.Key) is null));
    }

    private static uint? ArrayIndex(string key) =>
        uint.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
        && index != uint.MaxValue
        && index.ToString(CultureInfo.InvariantCulture) == key
            ? index
            : null;

    private static double Number(JsonElement value, string path, List<string> notes)
    {
        var raw = value.GetRawText();
        var number = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        var text = NumberToString(number);
        if (text != raw)
        {
            notes.Add($"{path} is written {raw} but JavaScript reads it as {text}; signed as {text}. A verifier that signs the raw text will disagree.");
        }

        return number;
    }

    private static string ReadString(JsonElement value, string path)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new UsageException($"{path} holds a string that is not valid UTF-16 (a lone surrogate escape); the signer cannot reproduce it.");
        }
    }
}
