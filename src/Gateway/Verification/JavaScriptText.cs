using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Gateway.Verification;

/// <summary>
/// Prints parsed JSON values exactly as JavaScript does, <c>String(value)</c> and <c>JSON.stringify(value)</c>, for
/// senders that sign a string built from their own JavaScript object rather than the bytes they send.
/// </summary>
/// <remarks>
/// What a JavaScript object loses against its JSON text, and so what this reproduces: numbers are doubles printed by
/// Number::toString (<c>1.10</c> → <c>1.1</c>, <c>1e3</c> → <c>1000</c>, <c>-0</c> → <c>0</c>, overflow → <c>Infinity</c>,
/// or <c>null</c> inside JSON); strings are UTF-16 and may hold lone surrogates, which <c>JSON.stringify</c> escapes and
/// a UTF-8 encoder turns into U+FFFD; an object lists its array-index keys (<c>"0"</c>…<c>"4294967294"</c>) first, in
/// numeric order, then the other keys in insertion order. Duplicate keys, which <c>JSON.parse</c> silently merges, are
/// refused instead, because a backend's parser might keep the other value.
/// </remarks>
internal static class JavaScriptText
{
    /// <summary>Longest Number::toString output of a double, e.g. <c>-0.0000012345678901234567</c>.</summary>
    private const int MaxNumberLength = 32;

    /// <summary>Strings up to this many bytes are decoded on the stack.</summary>
    private const int StackChars = 256;

    /// <summary>Array-index keys are below 2^32 - 1; other keys sort after every index, in insertion order.</summary>
    private const long NotAnIndex = uint.MaxValue;

    /// <summary>Characters that <c>JSON.stringify</c> does not copy as they are: controls, quote, backslash, surrogates.</summary>
    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Select(c => (char)c)) + "\"\\" + string.Concat(Enumerable.Range(0xD800, 0x800).Select(c => (char)c)));

    /// <summary>Writes <c>String(value)</c> of a string, number or boolean; objects, arrays and null are written as <c>JSON.stringify</c>.</summary>
    public static JavaScriptTextProblem WriteString(JsonElement value, ref ContentBuilder output, bool strict) => value.ValueKind switch
    {
        JsonValueKind.String => WriteStringValue(value, ref output, strict),
        JsonValueKind.Number => WriteNumber(value, ref output, inJson: false, strict),
        _ => WriteStringify(value, ref output, strict),
    };

    /// <summary>Writes <c>JSON.stringify(value)</c>: compact, keys in JavaScript's order, strings escaped as JavaScript escapes them.</summary>
    public static JavaScriptTextProblem WriteStringify(JsonElement value, ref ContentBuilder output, bool strict)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                return WriteObject(value, ref output, strict);
            case JsonValueKind.Array:
                return WriteArray(value, ref output, strict);
            case JsonValueKind.Number:
                return WriteNumber(value, ref output, inJson: true, strict);
            case JsonValueKind.String:
                WriteQuotedValue(value, ref output);
                return JavaScriptTextProblem.None;
            case JsonValueKind.True:
                output.Append("true"u8);
                return JavaScriptTextProblem.None;
            case JsonValueKind.False:
                output.Append("false"u8);
                return JavaScriptTextProblem.None;
            default:
                output.Append("null"u8);
                return JavaScriptTextProblem.None;
        }
    }

    /// <summary>A property's name as the JavaScript string it becomes (lone surrogates kept).</summary>
    public static string Name(JsonProperty property)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        if (!raw.Contains((byte)'\\'))
        {
            return Encoding.UTF8.GetString(raw);
        }

        char[]? rented = null;
        Span<char> chars = raw.Length <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
        var name = new string(chars[..Unescape(raw, chars)]);
        Return(rented);
        return name;
    }

    /// <summary>Writes a JavaScript string as UTF-8, the way <c>node:crypto</c> hashes it: a lone surrogate becomes U+FFFD.</summary>
    public static JavaScriptTextProblem WriteUtf8(scoped ReadOnlySpan<char> text, ref ContentBuilder output, bool strict)
    {
        if (strict && HasLoneSurrogate(text))
        {
            return JavaScriptTextProblem.LoneSurrogate;
        }

        output.AppendUtf8(text);
        return JavaScriptTextProblem.None;
    }

    /// <summary>Whether the sorted names hold the same name twice.</summary>
    public static bool HasAdjacentDuplicate(ReadOnlySpan<string> sortedNames)
    {
        for (var i = 1; i < sortedNames.Length; i++)
        {
            if (string.Equals(sortedNames[i - 1], sortedNames[i], StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes ECMAScript Number::toString(<paramref name="value"/>) as ASCII; returns its length.</summary>
    /// <remarks>.NET's round-trip format gives the same shortest digits; only the layout differs (ECMA-262 §6.1.6.1.20).</remarks>
    public static int FormatNumber(double value, Span<byte> destination)
    {
        if (double.IsNaN(value))
        {
            return Copy("NaN"u8, destination);
        }

        if (double.IsInfinity(value))
        {
            return Copy(value > 0 ? "Infinity"u8 : "-Infinity"u8, destination);
        }

        if (value == 0)
        {
            return Copy("0"u8, destination); // -0 too
        }

        Span<char> shortest = stackalloc char[MaxNumberLength];
        value.TryFormat(shortest, out var shortestLength, "R", CultureInfo.InvariantCulture);
        var text = shortest[..shortestLength];
        var written = 0;
        if (text[0] == '-')
        {
            destination[written++] = (byte)'-';
            text = text[1..];
        }

        var exponent = 0;
        var e = text.IndexOf('E');
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        // The digits d1…dk and n such that value = 0.d1…dk × 10^n, without leading or trailing zeros.
        Span<byte> digits = stackalloc byte[MaxNumberLength];
        var k = 0;
        var point = text.IndexOf('.');
        var n = (point < 0 ? text.Length : point) + exponent;
        foreach (var c in text)
        {
            if (c == '.')
            {
                continue;
            }

            if (c == '0' && k == 0)
            {
                n--;
                continue;
            }

            digits[k++] = (byte)c;
        }

        while (digits[k - 1] == '0')
        {
            k--;
        }

        var output = destination[written..];
        if (k <= n && n <= 21)
        {
            digits[..k].CopyTo(output);
            output.Slice(k, n - k).Fill((byte)'0');
            return written + n;
        }

        if (n is > 0 and <= 21)
        {
            digits[..n].CopyTo(output);
            output[n] = (byte)'.';
            digits[n..k].CopyTo(output[(n + 1)..]);
            return written + k + 1;
        }

        if (n is > -6 and <= 0)
        {
            "0."u8.CopyTo(output);
            output.Slice(2, -n).Fill((byte)'0');
            digits[..k].CopyTo(output[(2 - n)..]);
            return written + 2 - n + k;
        }

        var length = 0;
        output[length++] = digits[0];
        if (k > 1)
        {
            output[length++] = (byte)'.';
            digits[1..k].CopyTo(output[length..]);
            length += k - 1;
        }

        output[length++] = (byte)'e';
        output[length++] = n - 1 < 0 ? (byte)'-' : (byte)'+';
        Utf8Formatter.TryFormat(Math.Abs(n - 1), output[length..], out var exponentLength);
        return written + length + exponentLength;
    }

    private static JavaScriptTextProblem WriteStringValue(JsonElement value, ref ContentBuilder output, bool strict)
    {
        var raw = RawString(value);
        char[]? rented = null;
        Span<char> chars = raw.Length <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
        var problem = WriteUtf8(chars[..Unescape(raw, chars)], ref output, strict);
        Return(rented);
        return problem;
    }

    private static void WriteQuotedValue(JsonElement value, ref ContentBuilder output)
    {
        var raw = RawString(value);
        char[]? rented = null;
        Span<char> chars = raw.Length <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
        WriteQuoted(chars[..Unescape(raw, chars)], ref output);
        Return(rented);
    }

    private static JavaScriptTextProblem WriteNumber(JsonElement value, ref ContentBuilder output, bool inJson, bool strict)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        var number = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture); // overflow gives ±Infinity, as in JavaScript
        Span<byte> text = stackalloc byte[MaxNumberLength];
        var length = FormatNumber(number, text);
        if (strict && !raw.SequenceEqual(text[..length]))
        {
            return JavaScriptTextProblem.NonCanonicalNumber;
        }

        output.Append(inJson && !double.IsFinite(number) ? "null"u8 : text[..length]);
        return JavaScriptTextProblem.None;
    }

    private static JavaScriptTextProblem WriteArray(JsonElement array, ref ContentBuilder output, bool strict)
    {
        output.Append("["u8);
        var first = true;
        foreach (var item in array.EnumerateArray())
        {
            if (!first)
            {
                output.Append(","u8);
            }

            first = false;
            var problem = WriteStringify(item, ref output, strict);
            if (problem != JavaScriptTextProblem.None)
            {
                return problem;
            }
        }

        output.Append("]"u8);
        return JavaScriptTextProblem.None;
    }

    private static JavaScriptTextProblem WriteObject(JsonElement obj, ref ContentBuilder output, bool strict)
    {
        var count = obj.GetPropertyCount();
        var names = ArrayPool<string>.Shared.Rent(count);
        var sorted = ArrayPool<string>.Shared.Rent(count);
        var values = ArrayPool<JsonElement>.Shared.Rent(count);
        var order = ArrayPool<long>.Shared.Rent(count);
        var positions = ArrayPool<int>.Shared.Rent(count);
        try
        {
            var i = 0;
            foreach (var property in obj.EnumerateObject())
            {
                names[i] = sorted[i] = Name(property);
                values[i] = property.Value;
                order[i] = TryParseArrayIndex(names[i], out var index) ? index : NotAnIndex + i;
                positions[i] = i;
                i++;
            }

            Array.Sort(sorted, 0, count, StringComparer.Ordinal);
            if (HasAdjacentDuplicate(sorted.AsSpan(0, count)))
            {
                return JavaScriptTextProblem.DuplicateKey;
            }

            Array.Sort(order, positions, 0, count);
            output.Append("{"u8);
            for (i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    output.Append(","u8);
                }

                var at = positions[i];
                WriteQuoted(names[at], ref output);
                output.Append(":"u8);
                var problem = WriteStringify(values[at], ref output, strict);
                if (problem != JavaScriptTextProblem.None)
                {
                    return problem;
                }
            }

            output.Append("}"u8);
            return JavaScriptTextProblem.None;
        }
        finally
        {
            ArrayPool<string>.Shared.Return(names, clearArray: true);
            ArrayPool<string>.Shared.Return(sorted, clearArray: true);
            ArrayPool<JsonElement>.Shared.Return(values, clearArray: true);
            ArrayPool<long>.Shared.Return(order);
            ArrayPool<int>.Shared.Return(positions);
        }
    }

    /// <summary>JSON.stringify's QuoteJSONString: short escapes, other controls and lone surrogates as lowercase <c>\uXXXX</c>, the rest as is.</summary>
    public static void WriteQuoted(scoped ReadOnlySpan<char> text, ref ContentBuilder output)
    {
        Span<byte> escape = stackalloc byte[6];
        "\\u"u8.CopyTo(escape);
        output.Append("\""u8);
        while (true)
        {
            var next = text.IndexOfAny(NeedsQuoting);
            if (next < 0)
            {
                output.AppendUtf8(text);
                break;
            }

            var c = text[next];
            if (char.IsHighSurrogate(c) && next + 1 < text.Length && char.IsLowSurrogate(text[next + 1]))
            {
                output.AppendUtf8(text[..(next + 2)]); // a valid pair is copied as it is
                text = text[(next + 2)..];
                continue;
            }

            output.AppendUtf8(text[..next]);
            var shortEscape = ShortEscape(c);
            if (shortEscape.IsEmpty)
            {
                Utf8Formatter.TryFormat((ushort)c, escape[2..], out _, new StandardFormat('x', 4));
                output.Append(escape);
            }
            else
            {
                output.Append(shortEscape);
            }

            text = text[(next + 1)..];
        }

        output.Append("\""u8);
    }

    private static ReadOnlySpan<byte> ShortEscape(char c) => c switch
    {
        '"' => "\\\""u8,
        '\\' => "\\\\"u8,
        '\b' => "\\b"u8,
        '\f' => "\\f"u8,
        '\n' => "\\n"u8,
        '\r' => "\\r"u8,
        '\t' => "\\t"u8,
        _ => [],
    };

    /// <summary>Decodes a JSON string token (without its quotes) into UTF-16; the token was already validated by the parser.</summary>
    private static int Unescape(ReadOnlySpan<byte> raw, Span<char> destination)
    {
        var written = 0;
        while (true)
        {
            var backslash = raw.IndexOf((byte)'\\');
            written += Encoding.UTF8.GetChars(backslash < 0 ? raw : raw[..backslash], destination[written..]);
            if (backslash < 0)
            {
                return written;
            }

            var kind = raw[backslash + 1];
            if (kind == 'u')
            {
                _ = Utf8Parser.TryParse(raw.Slice(backslash + 2, 4), out ushort unit, out _, 'x'); // four hex digits: the parser checked
                destination[written++] = (char)unit;
                raw = raw[(backslash + 6)..];
                continue;
            }

            destination[written++] = kind switch
            {
                (byte)'b' => '\b',
                (byte)'f' => '\f',
                (byte)'n' => '\n',
                (byte)'r' => '\r',
                (byte)'t' => '\t',
                _ => (char)kind, // " \ /
            };
            raw = raw[(backslash + 2)..];
        }
    }

    /// <summary>Whether the key is a canonical array index, which JavaScript objects list first in numeric order.</summary>
    public static bool TryParseArrayIndex(string name, out long index)
    {
        index = 0;
        if (name.Length is 0 or > 10 || (name[0] == '0' && name.Length > 1))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            index = (index * 10) + (c - '0');
        }

        return index < NotAnIndex;
    }

    private static bool HasLoneSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static ReadOnlySpan<byte> RawString(JsonElement value) => JsonMarshal.GetRawUtf8Value(value)[1..^1];

    private static int Copy(ReadOnlySpan<byte> text, Span<byte> destination)
    {
        text.CopyTo(destination);
        return text.Length;
    }

    private static void Return(char[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }
}
