using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Gateway.Verification;

/// <summary>
/// Crypto2B: callbacks carry the API authentication headers. <c>X-Processing-Key</c> must be the configured public key;
/// <c>X-Processing-Signature</c> is base64(HMAC-SHA512(base64-decode(secret), timestamp + recvWindow + method + path-and-query
/// + body)), concatenated without separators, where timestamp is <c>X-Processing-Timestamp</c> (Unix milliseconds) and
/// recvWindow the optional <c>X-Processing-RecvWindow</c> (milliseconds). The callback must be no older than the sender's
/// window, capped by <see cref="Crypto2BSettings.MaxRecvWindow"/>, and no further in the future than the clock skew.
/// </summary>
/// <remarks>
/// Without separators, digits could move between the timestamp and the window; that multiplies or divides the timestamp by
/// a power of ten, which the freshness check then rejects.
/// </remarks>
internal sealed class Crypto2BScheme : ISignatureScheme
{
    public const string SchemeName = "Crypto2B";
    public const string KeyHeader = "X-Processing-Key";
    public const string TimestampHeader = "X-Processing-Timestamp";
    public const string RecvWindowHeader = "X-Processing-RecvWindow";
    public const string SignatureHeader = "X-Processing-Signature";

    public string Name => SchemeName;

    public Type SettingsType => typeof(Crypto2BSettings);

    public ISignatureVerifier Create(SchemeContext context)
    {
        var settings = context.Bind<Crypto2BSettings>();
        if (string.IsNullOrWhiteSpace(settings.PublicKey))
        {
            context.Error($"PublicKey (the {KeyHeader} the sender presents) is required for the Crypto2B scheme.");
        }

        var maxRecvWindow = settings.MaxRecvWindow ?? context.Options.Tolerance;
        if (maxRecvWindow <= TimeSpan.Zero)
        {
            context.Error("MaxRecvWindow must be positive.");
        }

        if (settings.ClockSkew < TimeSpan.Zero)
        {
            context.Error("ClockSkew must not be negative.");
        }

        var keys = new List<byte[]>();
        for (var i = 0; i < context.Options.Secrets.Count; i++)
        {
            var secret = context.Options.Secrets[i];
            if (secret.Length == 0 || !SignatureMath.IsBase64(secret))
            {
                context.Error($"Secrets:{i} is not a Crypto2B secret (base64).");
                continue;
            }

            keys.Add(Convert.FromBase64String(secret));
        }

        return new Verifier(settings.PublicKey, [.. keys], maxRecvWindow, settings.ClockSkew);
    }

    /// <summary>The Crypto2B scheme's own settings, bound from the policy object.</summary>
    public sealed class Crypto2BSettings
    {
        /// <summary>The API public key the sender presents in <c>X-Processing-Key</c>.</summary>
        public string PublicKey { get; set; } = string.Empty;

        /// <summary>The longest age accepted whatever window the sender asks for; the policy's Tolerance when unset.</summary>
        public TimeSpan? MaxRecvWindow { get; set; }

        /// <summary>How far the timestamp may lie in the future (the sender's clock running ahead).</summary>
        public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(5);
    }

    private sealed class Verifier(string publicKey, byte[][] keys, TimeSpan maxRecvWindow, TimeSpan clockSkew) : ISignatureVerifier
    {
        private static readonly string[] Signed = [TimestampHeader, RecvWindowHeader];
        private static readonly string[] Identity = ["/data/type", "/data/id", "/data/status"];

        public IReadOnlyCollection<string> SignedHeaders => Signed;

        public IReadOnlyList<string> DefaultIdentity => Identity;

        public VerificationResult Verify(in CallbackRequest request)
        {
            var signature = request.Headers[SignatureHeader].ToString();
            if (signature.Length == 0)
            {
                return VerificationResult.Invalid($"missing {SignatureHeader} header");
            }

            // The public key is not secret, but comparing in constant time costs nothing.
            var key = request.Headers[KeyHeader].ToString();
            if (!CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(key.AsSpan()), MemoryMarshal.AsBytes(publicKey.AsSpan())))
            {
                return VerificationResult.Invalid($"{KeyHeader} is missing or not the configured public key");
            }

            var timestamp = request.Headers[TimestampHeader].ToString();
            if (!SignatureMath.TryParseUnix(timestamp, milliseconds: true, out var signedAt))
            {
                return VerificationResult.Malformed($"missing or invalid {TimestampHeader} header");
            }

            var window = maxRecvWindow;
            var recvWindow = request.Headers[RecvWindowHeader].ToString();
            if (recvWindow.Length > 0)
            {
                if (!long.TryParse(recvWindow, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
                {
                    return VerificationResult.Malformed($"invalid {RecvWindowHeader} header");
                }

                if (milliseconds < window.TotalMilliseconds)
                {
                    window = TimeSpan.FromMilliseconds(milliseconds);
                }
            }

            Span<byte> expected = stackalloc byte[SHA512.HashSizeInBytes];
            if (!SignatureMath.TryDecode(signature, DigestEncoding.Base64, expected, out var length) || length != SHA512.HashSizeInBytes)
            {
                return VerificationResult.Malformed($"{SignatureHeader} is not a base64 HMAC-SHA512");
            }

            using var content = new ContentBuilder(timestamp.Length + recvWindow.Length + request.Method.Length + request.RequestUri.Length + request.Body.Length);
            content.AppendUtf8(timestamp);
            content.AppendUtf8(recvWindow);
            content.AppendUtf8(request.Method);
            content.AppendUtf8(request.RequestUri);
            content.Append(request.Body.Span);
            var matched = SignatureMath.AnyKeyMatches(
                keys,
                expected,
                content.Written,
                static (secret, data, destination) => HMACSHA512.HashData(secret, data, destination));
            if (!matched)
            {
                return VerificationResult.Invalid("signature does not match");
            }

            var age = request.ReceivedAt - signedAt;
            if (age > window)
            {
                return VerificationResult.Stale($"{TimestampHeader} is older than the receive window of {window}");
            }

            return age < -clockSkew
                ? VerificationResult.Stale($"{TimestampHeader} is more than {clockSkew} in the future")
                : VerificationResult.Verified();
        }
    }
}
