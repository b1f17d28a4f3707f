using System.Security.Cryptography;
using System.Text;
using Gateway.Configuration;

namespace Gateway.Verification;

/// <summary>
/// Twilio: <c>X-Twilio-Signature: &lt;base64&gt;</c>, the HMAC-SHA1 of the full URL Twilio called followed by every POST parameter,
/// sorted by name, each name followed by its value with no separators, keyed with the Auth Token (UTF-8), as the <c>twilio</c>
/// SDK's <c>validateRequest</c> computes it. With a SharedKey, <c>X-Twilio-Webhooks-Signature-Settings: key=…,algorithm=HMAC_SHA256</c>
/// names HMAC-SHA256 instead (the secrets may hold both the Auth Token and the SharedKey secret). A JSON webhook puts
/// <c>bodySHA256=&lt;hex SHA-256 of the body&gt;</c> in the URL's query and signs the URL alone. Twilio signs no timestamp.
/// </summary>
/// <remarks>
/// The URL is the policy's <c>NotificationUrl</c> plus the query as received (<see cref="NotificationUrl"/>): an Auth Token
/// signs every webhook of the account, so a URL rebuilt from the Host would let a callback meant for another endpoint verify
/// here. Like the SDK, the URL is also tried with its port removed and with the default port added.
/// <para>
/// The signed string S has no separators, so a captured request can be re-partitioned into other parameters that sign the
/// same: <c>Body=hi&amp;From=x</c> signs like <c>Body=hiFromx</c>, and text a sender controls (an SMS body) can hold a forged
/// <c>MessageSid…</c> that a re-partition turns into a parameter. No parameter can therefore identify the event; the identity is
/// <c>twilio:s256:</c> and the hex SHA-256 of S, so every re-partition of one request is a duplicate of it, and
/// <c>Dedup:Identity</c> cannot be set. The backend should not trust the split of the fields of a request it did not expect.
/// Bodies that no Twilio sender writes are refused (400): a repeated parameter name (the SDK would merge the values), a
/// field without <c>=</c> or with an empty name, a malformed percent-escape, bytes that are not UTF-8.
/// </para>
/// </remarks>
internal sealed class TwilioScheme : ISignatureScheme
{
    public const string SchemeName = "Twilio";
    public const string SignatureHeader = "X-Twilio-Signature";
    public const string SettingsHeader = "X-Twilio-Webhooks-Signature-Settings";
    private const string BodyHashParameter = "bodySHA256";
    private const string IdentityPrefix = "twilio:s256:";

    /// <summary>Twilio reads the answer as TwiML; an empty Response does nothing, where an empty body logs a warning.</summary>
    private static readonly DuplicateResponseOptions EmptyTwiml = new()
    {
        StatusCode = StatusCodes.Status200OK,
        Body = """<?xml version="1.0" encoding="UTF-8"?><Response></Response>""",
        ContentType = "text/xml",
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public string Name => SchemeName;

    public Type SettingsType => typeof(TwilioSettings);

    public ISignatureVerifier Create(SchemeContext context)
    {
        var url = context.Bind<TwilioSettings>().NotificationUrl;
        NotificationUrl.Validate(url, context, "Twilio signs the URL it calls");
        if (context.Options.Dedup.Identity.Count > 0)
        {
            context.Error(
                "Dedup:Identity cannot be set on a Twilio policy: the signed string joins names and values without separators, so "
                + "bodies that sign the same can hold other parameters. The identity is the SHA-256 of the signed string.");
        }

        return new Verifier(UrlVariants(url ?? string.Empty), context.Utf8Secrets());
    }

    /// <summary>The URL as configured, then (as the SDK tries them) without its port and with the scheme's default port.</summary>
    internal static string[] UrlVariants(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
        {
            return [url];
        }

        start += 3;
        var end = url.IndexOfAny(['/', '?', '#'], start);
        var authority = end < 0 ? url[start..] : url[start..end];
        var colon = authority.IndexOf(':', authority.LastIndexOf(']') + 1);
        var rest = end < 0 ? string.Empty : url[end..];
        var host = colon < 0 ? authority : authority[..colon];
        var defaultPort = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? ":443" : ":80";
        var other = colon < 0 ? url[..start] + host + defaultPort + rest : url[..start] + host + rest;
        return [url, other];
    }

    /// <summary>Appends each parameter name and value of a form body, sorted by name (UTF-16 order, as JavaScript sorts); null, or why the body is refused.</summary>
    internal static string? TryAppendSortedForm(ReadOnlySpan<byte> body, ref ContentBuilder content)
    {
        var fields = new List<(string Name, string Value)>();
        if (!body.IsEmpty)
        {
            foreach (var range in body.Split((byte)'&'))
            {
                var field = body[range];
                var equals = field.IndexOf((byte)'=');
                if (equals <= 0)
                {
                    return "form field without a name and '='";
                }

                if (!TryDecode(field[..equals], out var name) || !TryDecode(field[(equals + 1)..], out var value))
                {
                    return "form field with a malformed escape or bytes that are not UTF-8";
                }

                fields.Add((name, value));
            }
        }

        fields.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0 && fields[i].Name == fields[i - 1].Name)
            {
                return "form parameter repeated";
            }

            content.AppendUtf8(fields[i].Name);
            content.AppendUtf8(fields[i].Value);
        }

        return null;
    }

    /// <summary>Form decoding: '+' is a space, %XX a byte; the bytes must be UTF-8.</summary>
    private static bool TryDecode(ReadOnlySpan<byte> encoded, out string text)
    {
        text = string.Empty;
        var bytes = new byte[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == '%')
            {
                if (i + 2 >= encoded.Length || !byte.TryParse(encoded.Slice(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out b))
                {
                    return false;
                }

                i += 2;
            }
            else if (b == '+')
            {
                b = (byte)' ';
            }

            bytes[length++] = b;
        }

        try
        {
            text = StrictUtf8.GetString(bytes, 0, length);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>The algorithm the settings header names: none (or no <c>algorithm=</c>) is the Auth Token's HMAC-SHA1.</summary>
    private static bool TryGetAlgorithm(string settings, out HashAlgorithmName algorithm)
    {
        algorithm = HashAlgorithmName.SHA1;
        foreach (var part in settings.Split(','))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0 && part[..equals].Trim() == "algorithm" && part[(equals + 1)..].Trim() is { Length: > 0 } name)
            {
                algorithm = name.ToUpperInvariant() switch
                {
                    "HMAC_SHA1" => HashAlgorithmName.SHA1,
                    "HMAC_SHA256" => HashAlgorithmName.SHA256,
                    _ => default,
                };
                return algorithm != default;
            }
        }

        return true;
    }

    /// <summary>How many parameters of the query are named bodySHA256, and the value of the last.</summary>
    private static int BodyHashParameters(ReadOnlySpan<char> query, out ReadOnlySpan<char> value)
    {
        value = default;
        var found = 0;
        foreach (var range in query.Split('&'))
        {
            var parameter = query[range];
            var equals = parameter.IndexOf('=');
            if ((equals < 0 ? parameter : parameter[..equals]).SequenceEqual(BodyHashParameter))
            {
                value = equals < 0 ? default : parameter[(equals + 1)..];
                found++;
            }
        }

        return found;
    }

    /// <summary>Twilio's own setting: the URL configured for the webhook.</summary>
    public sealed class TwilioSettings
    {
        public string? NotificationUrl { get; set; }
    }

    private sealed class Verifier(string[] urls, byte[][] keys) : ISignatureVerifier
    {
        /// <summary>The body is signed only as parsed parameters, which another body can also give: no body field is an identity.</summary>
        public bool SignsBody => false;

        public DuplicateResponseOptions? DefaultDuplicateResponse => EmptyTwiml;

        public VerificationResult Verify(in CallbackRequest request)
        {
            var header = request.Headers[SignatureHeader].ToString();
            if (header.Length == 0)
            {
                return VerificationResult.Invalid($"missing {SignatureHeader} header");
            }

            Span<byte> expected = stackalloc byte[SignatureMath.MaxHashBytes];
            if (!SignatureMath.TryDecode(header, DigestEncoding.Base64, expected, out var expectedLength))
            {
                return VerificationResult.Malformed($"{SignatureHeader} is not base64");
            }

            if (!TryGetAlgorithm(request.Headers[SettingsHeader].ToString(), out var algorithm))
            {
                return VerificationResult.Malformed($"{SettingsHeader} names an algorithm other than HMAC_SHA1 and HMAC_SHA256");
            }

            var queryStart = request.RequestUri.IndexOf('?', StringComparison.Ordinal);
            var query = queryStart < 0 ? string.Empty : request.RequestUri[queryStart..];
            var parameters = new ContentBuilder(request.Body.Length);
            try
            {
                switch (BodyHashParameters(query.AsSpan(Math.Min(1, query.Length)), out var bodyHash))
                {
                    case 0:
                        if (TryAppendSortedForm(request.Body.Span, ref parameters) is { } problem)
                        {
                            return VerificationResult.Malformed(problem);
                        }

                        break;
                    case 1:
                        if (!BodyMatches(request.Body.Span, bodyHash))
                        {
                            return VerificationResult.Invalid($"body does not match {BodyHashParameter}");
                        }

                        break;
                    default:
                        return VerificationResult.Malformed($"{BodyHashParameter} appears more than once in the query");
                }

                return Matches(query, parameters.Written, algorithm, expected[..expectedLength])
                    ? new VerificationResult(VerificationStatus.Verified, Identity: IdentityPrefix + SignedStringHash(urls[0], query, parameters.Written))
                    : VerificationResult.Invalid("signature does not match");
            }
            finally
            {
                parameters.Dispose();
            }
        }

        /// <summary>Whether S, under any variant of the URL, is signed by any key; every variant is tried, whatever the others gave.</summary>
        private bool Matches(string query, ReadOnlySpan<byte> parameters, HashAlgorithmName algorithm, ReadOnlySpan<byte> expected)
        {
            var matched = false;
            foreach (var url in urls)
            {
                using var content = new ContentBuilder(url.Length + query.Length + parameters.Length);
                content.AppendUtf8(url);
                content.AppendUtf8(query);
                content.Append(parameters);
                matched |= HmacScheme.AnyKeyMatches(keys, expected, algorithm, content.Written);
            }

            return matched;
        }

        private static bool BodyMatches(ReadOnlySpan<byte> body, ReadOnlySpan<char> hexHash)
        {
            Span<byte> claimed = stackalloc byte[SHA256.HashSizeInBytes];
            Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(body, actual);
            return SignatureMath.TryDecode(hexHash, DigestEncoding.Hex, claimed, out var length)
                && length == SHA256.HashSizeInBytes
                && CryptographicOperations.FixedTimeEquals(claimed, actual);
        }

        /// <summary>The hex SHA-256 of S under the URL as configured, whichever variant the sender signed.</summary>
        private static string SignedStringHash(string url, string query, ReadOnlySpan<byte> parameters)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(Encoding.UTF8.GetBytes(url + query));
            hash.AppendData(parameters);
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
    }
}
