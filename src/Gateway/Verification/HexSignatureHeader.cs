namespace Gateway.Verification;

/// <summary>Reads a signature header that holds one hex digest of a known size (NOWPayments, CoinPayments).</summary>
internal static class HexSignatureHeader
{
    /// <summary>
    /// Decodes <paramref name="header"/> into <paramref name="digest"/>, which it must fill exactly; returns null, or the
    /// result to answer with: missing → invalid signature, anything else → malformed.
    /// </summary>
    public static VerificationResult? TryRead(in CallbackRequest request, string header, Span<byte> digest, string algorithm)
    {
        var value = request.Headers[header].ToString();
        if (value.Length == 0)
        {
            return VerificationResult.Invalid($"missing {header} header");
        }

        return SignatureMath.TryDecode(value, DigestEncoding.Hex, digest, out var length) && length == digest.Length
            ? null
            : VerificationResult.Malformed($"{header} is not a hex {algorithm}");
    }
}
