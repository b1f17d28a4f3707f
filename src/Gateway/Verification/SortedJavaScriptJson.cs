using System.Buffers;
using System.Text.Json;

namespace Gateway.Verification;

/// <summary>
/// Writes <c>JSON.stringify(sortObject(value))</c> for a parsed JSON value, where <c>sortObject</c> is the recursive key sort
/// that NOWPayments documents for its IPN signature:
/// <code>
/// function sortObject(obj) {
///   return Object.keys(obj).sort().reduce((result, key) => {
///     result[key] = (obj[key] &amp;&amp; typeof obj[key] === 'object') ? sortObject(obj[key]) : obj[key]
///     return result
///   }, {})
/// }
/// </code>
/// </summary>
/// <remarks>
/// What that code does beyond sorting, and so what this reproduces: every object and every array becomes a plain object
/// (an array <c>[a,b]</c> is written <c>{"0":a,"1":b}</c>); keys are sorted by UTF-16 code units, but <c>JSON.stringify</c>
/// then lists the array-index keys (<c>"0"</c>…<c>"4294967294"</c>) first, in numeric order; leaves are written as
/// <see cref="JavaScriptText.WriteStringify"/> writes them (numbers as JavaScript prints its doubles). Refused, because the
/// same signed text then stands for bodies a backend reads differently: duplicate keys (<c>JSON.parse</c> keeps the last,
/// other parsers the first), and a <c>__proto__</c> key, which the assignment <c>result["__proto__"] = …</c> drops from the
/// signed text (it sets the prototype instead of a property).
/// </remarks>
internal static class SortedJavaScriptJson
{
    /// <summary>The key JavaScript's <c>result[key] = value</c> does not store as a property.</summary>
    public const string ProtoKey = "__proto__";

    /// <summary>Writes <c>JSON.stringify(sortObject(value))</c>; returns why it cannot, or <see cref="JavaScriptTextProblem.None"/>.</summary>
    public static SortedJsonProblem Write(JsonElement value, ref ContentBuilder output, bool strict) => value.ValueKind switch
    {
        JsonValueKind.Object => WriteObject(value, ref output, strict),
        JsonValueKind.Array => WriteArray(value, ref output, strict),
        _ => From(JavaScriptText.WriteStringify(value, ref output, strict)),
    };

    private static SortedJsonProblem From(JavaScriptTextProblem problem) => problem switch
    {
        JavaScriptTextProblem.None => SortedJsonProblem.None,
        JavaScriptTextProblem.DuplicateKey => SortedJsonProblem.DuplicateKey,
        _ => SortedJsonProblem.NonCanonicalNumber, // lone surrogates are escaped by JSON.stringify, so numbers are what remains
    };

    /// <summary><c>sortObject(array)</c> is an object keyed by the indices, which <c>JSON.stringify</c> lists in numeric order.</summary>
    private static SortedJsonProblem WriteArray(JsonElement array, ref ContentBuilder output, bool strict)
    {
        Span<byte> index = stackalloc byte[16];
        output.Append("{"u8);
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (i > 0)
            {
                output.Append(","u8);
            }

            output.Append("\""u8);
            i.TryFormat(index, out var length, provider: System.Globalization.CultureInfo.InvariantCulture);
            output.Append(index[..length]);
            output.Append("\":"u8);
            var problem = Write(item, ref output, strict);
            if (problem != SortedJsonProblem.None)
            {
                return problem;
            }

            i++;
        }

        output.Append("}"u8);
        return SortedJsonProblem.None;
    }

    private static SortedJsonProblem WriteObject(JsonElement obj, ref ContentBuilder output, bool strict)
    {
        var count = obj.GetPropertyCount();
        var names = ArrayPool<string>.Shared.Rent(count);
        var values = ArrayPool<JsonElement>.Shared.Rent(count);
        var order = ArrayPool<long>.Shared.Rent(count);
        var positions = ArrayPool<int>.Shared.Rent(count);
        try
        {
            var i = 0;
            foreach (var property in obj.EnumerateObject())
            {
                names[i] = JavaScriptText.Name(property);
                values[i++] = property.Value;
            }

            // Object.keys(obj).sort(): UTF-16 code units, as ordinal comparison compares them.
            Array.Sort(names, values, 0, count, StringComparer.Ordinal);
            if (JavaScriptText.HasAdjacentDuplicate(names.AsSpan(0, count)))
            {
                return SortedJsonProblem.DuplicateKey;
            }

            // The sorted keys are inserted in that order; JSON.stringify lists array-index keys first, numerically.
            for (i = 0; i < count; i++)
            {
                if (string.Equals(names[i], ProtoKey, StringComparison.Ordinal))
                {
                    return SortedJsonProblem.ProtoKey;
                }

                order[i] = JavaScriptText.TryParseArrayIndex(names[i], out var index) ? index : uint.MaxValue + (long)i;
                positions[i] = i;
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
                JavaScriptText.WriteQuoted(names[at], ref output);
                output.Append(":"u8);
                var problem = Write(values[at], ref output, strict);
                if (problem != SortedJsonProblem.None)
                {
                    return problem;
                }
            }

            output.Append("}"u8);
            return SortedJsonProblem.None;
        }
        finally
        {
            ArrayPool<string>.Shared.Return(names, clearArray: true);
            ArrayPool<JsonElement>.Shared.Return(values, clearArray: true);
            ArrayPool<long>.Shared.Return(order);
            ArrayPool<int>.Shared.Return(positions);
        }
    }
}

/// <summary>Why a body could not be written as <c>JSON.stringify(sortObject(body))</c> unambiguously.</summary>
internal enum SortedJsonProblem
{
    None,

    /// <summary>An object holds the same key twice.</summary>
    DuplicateKey,

    /// <summary>A number is not spelled as JavaScript prints it (strict only).</summary>
    NonCanonicalNumber,

    /// <summary>A <c>__proto__</c> key, which <c>sortObject</c> drops from the signed text.</summary>
    ProtoKey,
}
