using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;

namespace Gateway.Verification;

/// <summary>Primitives every scheme shares: keyed hashing, digest decoding, constant-time comparison, timestamps.</summary>
internal static class SignatureMath
{
    /// <summary>The largest digest any supported algorithm produces (SHA-512).</summary>
    public const int MaxHashBytes = 64;

    /// <summary>Decodes a hex (either case) or base64 digest into <paramref name="destination"/>; false when it is neither or too long.</summary>
    public static bool TryDecode(ReadOnlySpan<char> text, DigestEncoding encoding, Span<byte> destination, out int written)
    {
        written = 0;
        text = text.Trim();
        if (text.IsEmpty)
        {
            return false;
        }

        if (encoding == DigestEncoding.Hex)
        {
            if (text.Length % 2 != 0 || text.Length / 2 > destination.Length)
            {
                return false;
            }

            var status = Convert.FromHexString(text, destination, out _, out written);
            return status == OperationStatus.Done;
        }

        return Convert.TryFromBase64Chars(text, destination, out written);
    }

    /// <summary>Computes HMAC(<paramref name="key"/>, <paramref name="data"/>) into <paramref name="destination"/>; returns the digest length.</summary>
    public static int Hmac(HashAlgorithmName algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (algorithm == HashAlgorithmName.SHA256)
        {
            return HMACSHA256.HashData(key, data, destination);
        }

        if (algorithm == HashAlgorithmName.SHA512)
        {
            return HMACSHA512.HashData(key, data, destination);
        }

        if (algorithm == HashAlgorithmName.SHA1)
        {
#pragma warning disable CA5350 // Some senders still sign with HMAC-SHA1; the gateway must verify what they send.
            return HMACSHA1.HashData(key, data, destination);
#pragma warning restore CA5350
        }

        throw new NotSupportedException($"HMAC-{algorithm.Name} is not supported.");
    }

    /// <summary>Whether any of the <paramref name="keys"/> signs the content that <paramref name="sign"/> hashes into the expected digest.</summary>
    /// <remarks>Every key is tried, whatever the result of the others, so timing does not tell which secret matched.</remarks>
    public static bool AnyKeyMatches<TState>(byte[][] keys, ReadOnlySpan<byte> expected, TState state, HmacWriter<TState> sign)
        where TState : allows ref struct
    {
        Span<byte> actual = stackalloc byte[MaxHashBytes];
        var matched = false;
        foreach (var key in keys)
        {
            var length = sign(key, state, actual);
            matched |= CryptographicOperations.FixedTimeEquals(actual[..length], expected);
        }

        return matched;
    }

    /// <summary>
    /// Whether any entry of a signature list (<c>v1,&lt;b64&gt; v1,&lt;b64&gt;</c>, <c>t=…,v1=&lt;hex&gt;,v1=…</c>) that starts with
    /// <paramref name="prefix"/> is the HMAC-SHA256 of <paramref name="content"/> under any key; other entries are skipped.
    /// </summary>
    /// <remarks>
    /// The MAC is computed once per key, then compared with every entry: the sender controls how many entries there are,
    /// so hashing the body per entry would let one request cost thousands of body hashes.
    /// </remarks>
    public static bool AnySha256EntryMatches(
        ReadOnlySpan<char> entries, char separator, string prefix, DigestEncoding encoding, byte[][] keys, ReadOnlySpan<byte> content)
    {
        const int size = SHA256.HashSizeInBytes;
        var macs = keys.Length <= 8 ? stackalloc byte[keys.Length * size] : new byte[keys.Length * size];
        for (var k = 0; k < keys.Length; k++)
        {
            HMACSHA256.HashData(keys[k], content, macs.Slice(k * size, size));
        }

        Span<byte> expected = stackalloc byte[size];
        var matched = false;
        foreach (var range in entries.Split(separator))
        {
            var entry = entries[range].Trim();
            if (entry.StartsWith(prefix, StringComparison.Ordinal)
                && TryDecode(entry[prefix.Length..], encoding, expected, out var length)
                && length == size)
            {
                for (var k = 0; k < keys.Length; k++)
                {
                    matched |= CryptographicOperations.FixedTimeEquals(macs.Slice(k * size, size), expected);
                }
            }
        }

        return matched;
    }

    /// <summary>Parses a Unix timestamp in seconds (or milliseconds when <paramref name="milliseconds"/>).</summary>
    public static bool TryParseUnix(ReadOnlySpan<char> text, bool milliseconds, out DateTimeOffset value)
    {
        value = default;
        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        try
        {
            value = milliseconds ? DateTimeOffset.FromUnixTimeMilliseconds(number) : DateTimeOffset.FromUnixTimeSeconds(number);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="signedAt"/> lies within <paramref name="tolerance"/> of <paramref name="now"/>, in the past or the future.</summary>
    public static bool IsFresh(DateTimeOffset signedAt, DateTimeOffset now, TimeSpan tolerance) =>
        (now - signedAt).Duration() <= tolerance;

    /// <summary>Maps a configured algorithm name (SHA1, SHA256, SHA512) to the framework's name.</summary>
    public static bool TryParseAlgorithm(string? name, out HashAlgorithmName algorithm)
    {
        algorithm = name?.Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "SHA1" => HashAlgorithmName.SHA1,
            "SHA256" => HashAlgorithmName.SHA256,
            "SHA512" => HashAlgorithmName.SHA512,
            _ => default,
        };
        return algorithm != default;
    }

    /// <summary>Whether <paramref name="text"/> is valid base64 (used when validating base64-encoded secrets).</summary>
    public static bool IsBase64(string text) => Base64.IsValid(text);
}

/// <summary>Writes HMAC(key, content described by <paramref name="state"/>) into <paramref name="destination"/>, returning its length.</summary>
public delegate int HmacWriter<TState>(byte[] key, TState state, Span<byte> destination)
    where TState : allows ref struct;
