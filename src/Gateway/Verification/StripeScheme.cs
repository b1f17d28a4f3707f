namespace Gateway.Verification;

/// <summary>
/// Stripe: <c>Stripe-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;[,v1=…][,v0=…]</c>, each v1 the HMAC-SHA256 of
/// <c>{t}.{body}</c> keyed with the endpoint secret (the whole <c>whsec_…</c> string, UTF-8). Any v1 matching any secret is
/// enough; v0 (test-mode legacy) and other schemes are ignored, as Stripe's libraries do. <c>t</c> must lie within the
/// tolerance. The identity is the event's <c>id</c> in the signed body.
/// </summary>
internal sealed class StripeScheme : ISignatureScheme
{
    public const string SchemeName = "Stripe";
    public const string SignatureHeader = "Stripe-Signature";
    private const string TimestampPrefix = "t=";
    private const string SignaturePrefix = "v1=";

    public string Name => SchemeName;

    public ISignatureVerifier Create(SchemeContext context) => new Verifier(context.Utf8Secrets(), context.Options.Tolerance);

    /// <summary>Finds the single <c>t=</c> item; false when there is none or more than one.</summary>
    private static bool TryGetTimestamp(ReadOnlySpan<char> header, out ReadOnlySpan<char> timestamp)
    {
        timestamp = default;
        var found = 0;
        foreach (var range in header.Split(','))
        {
            var item = header[range].Trim();
            if (item.StartsWith(TimestampPrefix, StringComparison.Ordinal))
            {
                timestamp = item[TimestampPrefix.Length..];
                found++;
            }
        }

        return found == 1;
    }

    private sealed class Verifier(byte[][] keys, TimeSpan tolerance) : ISignatureVerifier
    {
        private static readonly string[] Identity = ["/id"];

        public IReadOnlyList<string> DefaultIdentity => Identity;

        public VerificationResult Verify(in CallbackRequest request)
        {
            var header = request.Headers[SignatureHeader].ToString();
            if (header.Length == 0)
            {
                return VerificationResult.Invalid($"missing {SignatureHeader} header");
            }

            if (!TryGetTimestamp(header, out var timestamp) || !SignatureMath.TryParseUnix(timestamp, milliseconds: false, out var signedAt))
            {
                return VerificationResult.Malformed($"{SignatureHeader} has no single valid t= timestamp");
            }

            using var content = new ContentBuilder(request.Body.Length + timestamp.Length + 1);
            content.AppendUtf8(timestamp);
            content.Append("."u8);
            content.Append(request.Body.Span);

            var matched = SignatureMath.AnySha256EntryMatches(header, ',', SignaturePrefix, DigestEncoding.Hex, keys, content.Written);
            if (!matched)
            {
                return VerificationResult.Invalid("no v1 signature matches");
            }

            return SignatureMath.IsFresh(signedAt, request.ReceivedAt, tolerance)
                ? VerificationResult.Verified()
                : VerificationResult.Stale($"{SignatureHeader} t= is outside the tolerance of {tolerance}");
        }
    }
}
