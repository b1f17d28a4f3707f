using System.Security.Cryptography;
using Gateway.Configuration;

namespace Gateway.Verification;

/// <summary>
/// The generic HMAC most senders use: <c>Header: {Prefix}{digest}</c> where digest = HMAC-{Algorithm}(secret, signed content),
/// hex or base64. The signed content is the raw body, or a template such as <c>{timestamp}.{body}</c> when the sender
/// also signs a timestamp header (which is then checked against the policy's tolerance), or <c>{url}{body}</c> when it signs
/// the URL it called (the policy's <see cref="NotificationUrl"/>, never the request's Host).
/// </summary>
/// <remarks>
/// Provider schemes (GitHub, Razorpay, Paddle, Square, …) are this scheme with its settings fixed by an <see cref="HmacPreset"/>,
/// so the verification logic lives in one place.
/// </remarks>
internal sealed class HmacScheme : ISignatureScheme
{
    public const string SchemeName = "Hmac";

    public string Name => SchemeName;

    public Type SettingsType => typeof(HmacSettings);

    public ISignatureVerifier Create(SchemeContext context) => CreateVerifier(context, context.Bind<HmacSettings>());

    /// <summary>Builds a verifier from settings a provider scheme fixes itself (e.g. GitHub), validating them as for a policy.</summary>
    internal static ISignatureVerifier CreateVerifier(SchemeContext context, HmacSettings settings) => CreateVerifier(context, new HmacPreset(settings));

    /// <summary>Builds a verifier from a provider's preset, validating its settings as for a policy.</summary>
    internal static ISignatureVerifier CreateVerifier(SchemeContext context, HmacPreset preset)
    {
        var settings = preset.Settings;
        if (!SignatureMath.TryParseAlgorithm(settings.Algorithm, out var algorithm))
        {
            context.Error($"Algorithm '{settings.Algorithm}' is not one of SHA1, SHA256, SHA512.");
        }

        if (string.IsNullOrWhiteSpace(settings.Header))
        {
            context.Error("Header (the name of the signature header) is required for the Hmac scheme.");
        }

        // A list header carries its own timestamp; the list is compared with SignatureMath's SHA-256 entry matcher.
        if (preset.List is not null && (algorithm != HashAlgorithmName.SHA256 || settings.TimestampHeader is not null || settings.Prefix.Length == 0))
        {
            throw new InvalidOperationException("A list signature header needs SHA-256, a Prefix for its signature items and no TimestampHeader.");
        }

        var timestampSigned = settings.TimestampHeader is not null || preset.List is not null;
        var template = settings.SignedContent ?? (timestampSigned ? "{timestamp}.{body}" : "{body}");
        var parts = SignedContentTemplate.TryParse(template, out var parsed, out var problem) ? parsed : [];
        if (problem is not null)
        {
            context.Error(problem);
        }

        var usesTimestamp = parts.Any(p => p.Kind == TemplatePartKind.Timestamp);
        if (usesTimestamp && preset.List is null && string.IsNullOrWhiteSpace(settings.TimestampHeader))
        {
            context.Error("SignedContent uses {timestamp}, so TimestampHeader is required.");
        }

        // An unsigned timestamp proves nothing (anyone can set it), so it can neither show freshness nor identify an event.
        // Refused rather than ignored: an operator who names a TimestampHeader expects old copies to be refused.
        if (!usesTimestamp && !string.IsNullOrWhiteSpace(settings.TimestampHeader) && problem is null)
        {
            context.Error("TimestampHeader is set but SignedContent does not include {timestamp}, so the timestamp is not signed; add {timestamp} to SignedContent (e.g. '{timestamp}.{body}') or remove TimestampHeader.");
        }

        var usesUrl = parts.Any(p => p.Kind == TemplatePartKind.Url);
        if (usesUrl)
        {
            NotificationUrl.Validate(settings.NotificationUrl, context, "SignedContent includes {url}");
        }
        else if (!string.IsNullOrWhiteSpace(settings.NotificationUrl) && problem is null)
        {
            context.Error($"{NotificationUrl.SettingName} is set but SignedContent does not include {{url}}, so the URL is not signed; add {{url}} to SignedContent or remove {NotificationUrl.SettingName}.");
        }

        return new Verifier(preset, algorithm, parts, usesTimestamp, context.Utf8Secrets(), context.Options.Tolerance);
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

        /// <summary>The public URL the sender calls, signed where <c>SignedContent</c> has <c>{url}</c> (see <see cref="Verification.NotificationUrl"/>).</summary>
        public string? NotificationUrl { get; set; }
    }

    private sealed class Verifier(
        HmacPreset preset,
        HashAlgorithmName algorithm,
        SignedContentTemplate.Part[] parts,
        bool usesTimestamp,
        byte[][] keys,
        TimeSpan tolerance) : ISignatureVerifier
    {
        private readonly HmacSettings _settings = preset.Settings;

        // Only a timestamp the signature covers: an unsigned one must not serve as the event identity.
        private readonly string[] _signedHeaders = usesTimestamp && preset.Settings.TimestampHeader is { } name ? [name] : [];

        public IReadOnlyCollection<string> SignedHeaders => _signedHeaders;

        public IReadOnlyList<string> DefaultIdentity => preset.DefaultIdentity;

        public DuplicateResponseOptions? DefaultDuplicateResponse => preset.DuplicateResponse;

        public VerificationResult Verify(in CallbackRequest request)
        {
            var header = request.Headers[_settings.Header].ToString();
            if (header.Length == 0)
            {
                return VerificationResult.Invalid($"missing {_settings.Header} header");
            }

            if (preset.List is { } list)
            {
                return VerifyList(request, header, list);
            }

            var value = header.AsSpan().Trim();
            if (value.StartsWith(_settings.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                value = value[_settings.Prefix.Length..];
            }
            else if (!preset.PrefixOptional)
            {
                return VerificationResult.Malformed($"{_settings.Header} does not start with '{_settings.Prefix}'");
            }

            Span<byte> expected = stackalloc byte[SignatureMath.MaxHashBytes];
            if (!SignatureMath.TryDecode(value, _settings.Encoding, expected, out var expectedLength))
            {
                return VerificationResult.Malformed($"{_settings.Header} is not a {_settings.Encoding} digest");
            }

            var timestamp = string.Empty;
            if (usesTimestamp)
            {
                timestamp = request.Headers[_settings.TimestampHeader!].ToString();
                if (!SignatureMath.TryParseUnix(timestamp, _settings.TimestampInMilliseconds, out var signedAt))
                {
                    return VerificationResult.Malformed($"missing or invalid {_settings.TimestampHeader} header");
                }

                if (!SignatureMath.IsFresh(signedAt, request.ReceivedAt, tolerance))
                {
                    return Match(request, timestamp, expected[..expectedLength])
                        ? VerificationResult.Stale($"{_settings.TimestampHeader} is outside the tolerance of {tolerance}")
                        : VerificationResult.Invalid("signature does not match");
                }
            }

            return Match(request, timestamp, expected[..expectedLength])
                ? VerificationResult.Verified()
                : VerificationResult.Invalid("signature does not match");
        }

        /// <summary>A list header (Paddle's <c>ts=…;h1=…</c>): one timestamp item, at least one signature item, any one matching.</summary>
        private VerificationResult VerifyList(in CallbackRequest request, string header, HmacSignatureList list)
        {
            if (Count(header, list.Separator, list.TimestampKey, out var timestamp) != 1 || !SignatureMath.TryParseUnix(timestamp, _settings.TimestampInMilliseconds, out var signedAt))
            {
                return VerificationResult.Malformed($"{_settings.Header} has no single valid {list.TimestampKey} timestamp");
            }

            if (Count(header, list.Separator, _settings.Prefix, out _) == 0)
            {
                return VerificationResult.Malformed($"{_settings.Header} has no {_settings.Prefix} signature");
            }

            using var content = Build(request, timestamp);
            if (!SignatureMath.AnySha256EntryMatches(header, list.Separator, _settings.Prefix, _settings.Encoding, keys, content.Written))
            {
                return VerificationResult.Invalid($"no {_settings.Prefix} signature matches");
            }

            return SignatureMath.IsFresh(signedAt, request.ReceivedAt, tolerance)
                ? VerificationResult.Verified()
                : VerificationResult.Stale($"{_settings.Header} {list.TimestampKey} is outside the tolerance of {tolerance}");
        }

        /// <summary>How many items of the list start with <paramref name="key"/>; <paramref name="value"/> is the last one's value.</summary>
        private static int Count(ReadOnlySpan<char> header, char separator, string key, out ReadOnlySpan<char> value)
        {
            value = default;
            var found = 0;
            foreach (var range in header.Split(separator))
            {
                var item = header[range].Trim();
                if (item.StartsWith(key, StringComparison.Ordinal))
                {
                    value = item[key.Length..];
                    found++;
                }
            }

            return found;
        }

        private ContentBuilder Build(in CallbackRequest request, ReadOnlySpan<char> timestamp) =>
            SignedContentTemplate.Build(
                parts,
                request.Body.Span,
                timestamp,
                _settings.NotificationUrl is { } url ? NotificationUrl.For(url, request.RequestUri) : string.Empty);

        private bool Match(in CallbackRequest request, string timestamp, ReadOnlySpan<byte> expected)
        {
            using var content = Build(request, timestamp);
            return AnyKeyMatches(keys, expected, algorithm, content.Written);
        }
    }

    /// <summary>Whether HMAC-<paramref name="algorithm"/>(key, <paramref name="content"/>) is <paramref name="expected"/> for any key (each tried, in constant time).</summary>
    internal static bool AnyKeyMatches(byte[][] keys, ReadOnlySpan<byte> expected, HashAlgorithmName algorithm, ReadOnlySpan<byte> content) =>
        SignatureMath.AnyKeyMatches(
            keys,
            expected,
            new HmacInput(algorithm, content),
            static (key, input, destination) => SignatureMath.Hmac(input.Algorithm, key, input.Content, destination));

    private readonly ref struct HmacInput(HashAlgorithmName algorithm, ReadOnlySpan<byte> content)
    {
        public HashAlgorithmName Algorithm { get; } = algorithm;

        public ReadOnlySpan<byte> Content { get; } = content;
    }
}
