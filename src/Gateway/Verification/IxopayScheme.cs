using System.Globalization;
using System.Security.Cryptography;
using Gateway.Configuration;

namespace Gateway.Verification;

/// <summary>
/// IXOPAY: <c>X-Signature: base64(HMAC-SHA512(sharedSecret, S))</c>, where S joins with <c>\n</c> the method (POST), the
/// lowercase hex hash of the raw body (SHA-512, or MD5 from older senders), the Content-Type, the <c>Date</c> header (else
/// <c>X-Date</c>) and the request URI as the sender called it (path and query). Both body hashes are tried, and both the
/// received Content-Type and the fixed one the SDK checks with. The Date must lie within the tolerance (the SDK does not
/// check it). IXOPAY retries until it gets 200 with the body <c>OK</c>, so that is also the answer to a duplicate.
/// </summary>
internal sealed class IxopayScheme : ISignatureScheme
{
    public const string SchemeName = "Ixopay";
    public const string SignatureHeader = "X-Signature";
    public const string DateHeader = "Date";
    public const string FallbackDateHeader = "X-Date";

    /// <summary>The Content-Type php-ixopay's <c>validateCallback</c> signs with, whatever the request carried.</summary>
    private const string SdkContentType = "application/json; charset=utf-8";

    /// <summary>RFC 1123 (<c>… GMT</c>), and the <c>… UTC</c> form PHP's <c>date('D, d M Y H:i:s T')</c> writes on a UTC host.</summary>
    private static readonly string[] DateFormats = ["r", "ddd, dd MMM yyyy HH':'mm':'ss 'UTC'"];

    public string Name => SchemeName;

    public ISignatureVerifier Create(SchemeContext context) => new Verifier(context.Utf8Secrets(), context.Options.Tolerance);

    private static bool TryParseDate(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out value);

    private sealed class Verifier(byte[][] keys, TimeSpan tolerance) : ISignatureVerifier
    {
        private static readonly string[] Signed = [DateHeader];
        private static readonly string[] Identity = ["/uuid", "/transactionType", "/result"];
        private readonly DuplicateResponseOptions _duplicateResponse = new() { StatusCode = StatusCodes.Status200OK, Body = "OK" };

        /// <remarks>Only <c>Date</c>: when it is present it is the one signed; <c>X-Date</c> is signed only in its absence.</remarks>
        public IReadOnlyCollection<string> SignedHeaders => Signed;

        public IReadOnlyList<string> DefaultIdentity => Identity;

        public DuplicateResponseOptions DefaultDuplicateResponse => _duplicateResponse;

        public VerificationResult Verify(in CallbackRequest request)
        {
            var signature = request.Headers[SignatureHeader].ToString();
            if (signature.Length == 0)
            {
                return VerificationResult.Invalid($"missing {SignatureHeader} header");
            }

            Span<byte> expected = stackalloc byte[SHA512.HashSizeInBytes];
            if (!SignatureMath.TryDecode(signature, DigestEncoding.Base64, expected, out var length) || length != SHA512.HashSizeInBytes)
            {
                return VerificationResult.Malformed($"{SignatureHeader} is not a base64 HMAC-SHA512");
            }

            var date = request.Headers[DateHeader].ToString();
            if (date.Length == 0)
            {
                date = request.Headers[FallbackDateHeader].ToString();
            }

            if (!TryParseDate(date, out var signedAt))
            {
                return VerificationResult.Malformed($"missing or invalid {DateHeader} (or {FallbackDateHeader}) header");
            }

            // Every candidate is computed, whichever matches, so timing says nothing about which one did.
            Span<byte> bodyHash = stackalloc byte[SHA512.HashSizeInBytes];
            var hashLength = SHA512.HashData(request.Body.Span, bodyHash);
            var matched = MatchEitherContentType(request, bodyHash[..hashLength], date, expected);
#pragma warning disable CA5351 // Older IXOPAY senders hash the body with MD5; the gateway only verifies what they send.
            hashLength = MD5.HashData(request.Body.Span, bodyHash);
#pragma warning restore CA5351
            matched |= MatchEitherContentType(request, bodyHash[..hashLength], date, expected);

            if (!matched)
            {
                return VerificationResult.Invalid("signature does not match");
            }

            return SignatureMath.IsFresh(signedAt, request.ReceivedAt, tolerance)
                ? VerificationResult.Verified()
                : VerificationResult.Stale($"{DateHeader} is outside the tolerance of {tolerance}");
        }

        private bool MatchEitherContentType(in CallbackRequest request, ReadOnlySpan<byte> bodyHash, string date, ReadOnlySpan<byte> expected)
        {
            var contentType = request.ContentType;
            var matched = Match(request, bodyHash, contentType, date, expected);
            if (!string.Equals(contentType, SdkContentType, StringComparison.Ordinal))
            {
                matched |= Match(request, bodyHash, SdkContentType, date, expected);
            }

            return matched;
        }

        /// <summary>S = method \n hex(bodyHash) \n contentType \n date \n uri, then HMAC-SHA512 with every key.</summary>
        private bool Match(in CallbackRequest request, ReadOnlySpan<byte> bodyHash, string contentType, string date, ReadOnlySpan<byte> expected)
        {
            Span<char> hex = stackalloc char[SHA512.HashSizeInBytes * 2];
            Convert.TryToHexStringLower(bodyHash, hex, out var hexLength);

            using var content = new ContentBuilder(request.Method.Length + hexLength + contentType.Length + date.Length + request.RequestUri.Length + 4);
            content.AppendUtf8(request.Method);
            content.Append("\n"u8);
            content.AppendUtf8(hex[..hexLength]);
            content.Append("\n"u8);
            content.AppendUtf8(contentType);
            content.Append("\n"u8);
            content.AppendUtf8(date);
            content.Append("\n"u8);
            content.AppendUtf8(request.RequestUri);
            return SignatureMath.AnyKeyMatches(
                keys,
                expected,
                content.Written,
                static (key, data, destination) => HMACSHA512.HashData(key, data, destination));
        }
    }
}
