using System.Security.Cryptography;

namespace Gateway.Verification;

/// <summary>
/// The generic HMAC most senders use: <c>Header: {Prefix}{digest}</c> where digest = HMAC-{Algorithm}(secret, signed content),
/// hex or base64. The signed content is the raw body, or a template such as <c>{timestamp}.{body}</c> when the sender
/// also signs a timestamp header (which is then checked against the policy's tolerance).
/// </summary>
internal sealed class HmacScheme : ISignatureScheme
{
    public const string SchemeName = "Hmac";

    public string Name => SchemeName;

    public Type SettingsType => typeof(HmacSettings);

    public ISignatureVerifier Create(SchemeContext context) => CreateVerifier(context, context.Bind<HmacSettings>());

    /// <summary>Builds a verifier from settings a provider scheme fixes itself (e.g. GitHub), validating them as for a policy.</summary>
    internal static ISignatureVerifier CreateVerifier(SchemeContext context, HmacSettings settings)
    {
        if (!SignatureMath.TryParseAlgorithm(settings.Algorithm, out var algorithm))
        {
            context.Error($"Algorithm '{settings.Algorithm}' is not one of SHA1, SHA256, SHA512.");
        }

        if (string.IsNullOrWhiteSpace(settings.Header))
        {
            context.Error("Header (the name of the signature header) is required for the Hmac scheme.");
        }

        var template = settings.SignedContent ?? (settings.TimestampHeader is null ? "{body}" : "{timestamp}.{body}");
        var parts = SignedContentTemplate.TryParse(template, out var parsed, out var problem) ? parsed : [];
        if (problem is not null)
        {
            context.Error(problem);
        }

        var usesTimestamp = parts.Any(p => p.Kind == TemplatePartKind.Timestamp);
        if (usesTimestamp && string.IsNullOrWhiteSpace(settings.TimestampHeader))
        {
            context.Error("SignedContent uses {timestamp}, so TimestampHeader is required.");
        }

        // An unsigned timestamp proves nothing (anyone can set it), so it can neither show freshness nor identify an event.
        // Refused rather than ignored: an operator who names a TimestampHeader expects old copies to be refused.
        if (!usesTimestamp && !string.IsNullOrWhiteSpace(settings.TimestampHeader) && problem is null)
        {
            context.Error("TimestampHeader is set but SignedContent does not include {timestamp}, so the timestamp is not signed; add {timestamp} to SignedContent (e.g. '{timestamp}.{body}') or remove TimestampHeader.");
        }

        return new Verifier(settings, algorithm, parts, usesTimestamp, context.Utf8Secrets(), context.Options.Tolerance);
    }

    /// <summary>The Hmac scheme's own settings, bound from the policy object.</summary>
    public sealed class HmacSettings
    {
        public string Algorithm { get; set; } = "SHA256";

        public DigestEncoding Encoding { get; set; } = DigestEncoding.Hex;

        public string Header { get; set; } = string.Empty;

        public string Prefix { get; set; } = string.Empty;

        public string? TimestampHeader { get; set; }

        public bool TimestampInMilliseconds { get; set; }

        public string? SignedContent { get; set; }
    }

    private sealed class Verifier(
        HmacSettings settings,
        HashAlgorithmName algorithm,
        SignedContentTemplate.Part[] parts,
        bool usesTimestamp,
        byte[][] keys,
        TimeSpan tolerance) : ISignatureVerifier
    {
        // Only a timestamp the signature covers: an unsigned one must not serve as the event identity.
        private readonly string[] _signedHeaders = usesTimestamp && settings.TimestampHeader is { } name ? [name] : [];

        public IReadOnlyCollection<string> SignedHeaders => _signedHeaders;

        public VerificationResult Verify(in CallbackRequest request)
        {
            var header = request.Headers[settings.Header].ToString();
            if (header.Length == 0)
            {
                return VerificationResult.Invalid($"missing {settings.Header} header");
            }

            var value = header.AsSpan().Trim();
            if (!value.StartsWith(settings.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                return VerificationResult.Malformed($"{settings.Header} does not start with '{settings.Prefix}'");
            }

            Span<byte> expected = stackalloc byte[SignatureMath.MaxHashBytes];
            if (!SignatureMath.TryDecode(value[settings.Prefix.Length..], settings.Encoding, expected, out var expectedLength))
            {
                return VerificationResult.Malformed($"{settings.Header} is not a {settings.Encoding} digest");
            }

            var timestamp = string.Empty;
            if (usesTimestamp)
            {
                timestamp = request.Headers[settings.TimestampHeader!].ToString();
                if (!SignatureMath.TryParseUnix(timestamp, settings.TimestampInMilliseconds, out var signedAt))
                {
                    return VerificationResult.Malformed($"missing or invalid {settings.TimestampHeader} header");
                }

                if (!SignatureMath.IsFresh(signedAt, request.ReceivedAt, tolerance))
                {
                    return Match(request.Body, timestamp, expected[..expectedLength])
                        ? VerificationResult.Stale($"{settings.TimestampHeader} is outside the tolerance of {tolerance}")
                        : VerificationResult.Invalid("signature does not match");
                }
            }

            return Match(request.Body, timestamp, expected[..expectedLength])
                ? VerificationResult.Verified()
                : VerificationResult.Invalid("signature does not match");
        }

        private bool Match(ReadOnlyMemory<byte> body, string timestamp, ReadOnlySpan<byte> expected)
        {
            using var content = SignedContentTemplate.Build(parts, body.Span, timestamp);
            return SignatureMath.AnyKeyMatches(
                keys,
                expected,
                new HmacInput(algorithm, content.Written),
                static (key, input, destination) => SignatureMath.Hmac(input.Algorithm, key, input.Content, destination));
        }
    }

    private readonly ref struct HmacInput(HashAlgorithmName algorithm, ReadOnlySpan<byte> content)
    {
        public HashAlgorithmName Algorithm { get; } = algorithm;

        public ReadOnlySpan<byte> Content { get; } = content;
    }
}
