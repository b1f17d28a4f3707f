using System.Globalization;
using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Verification;

/// <summary>
/// CryptoCloud (cryptocloud.plus) POSTBACK: a JSON or <c>application/x-www-form-urlencoded</c> body whose <c>token</c>
/// field is a JWT, HS256 with the project's SECRET KEY, valid 5 minutes and carrying the invoice in its <c>id</c> claim.
/// Only the token is signed: it is bound to the body through <c>invoice_id</c> (with or without the <c>INV-</c> prefix),
/// and no other body field is trusted, so the identity is the token's invoice id.
/// </summary>
/// <remarks>
/// The binding holds only if the backend reads the same <c>invoice_id</c> as the gateway. Senders and most merchant
/// backends are PHP, whose form parsing reads <c>invoice.id</c>, <c>invoice id</c>, <c> invoice_id</c>,
/// <c>invoice_id[]</c> and <c>invoice_id[x]</c> all as <c>invoice_id</c> (<see cref="PhpFormNames"/>), and frameworks
/// that fold the case of keys read <c>Invoice_Id</c> as well. So a form body is refused when more than one field is read
/// as <c>token</c> or <c>invoice_id</c> that way or one is read so without being named exactly that; a JSON body when
/// two top-level names are equal ignoring case or one differs from <c>token</c> or <c>invoice_id</c> only in case; and a
/// multipart body, which PHP parses with another parser than the gateway's.
/// </remarks>
internal sealed class CryptoCloudScheme : ISignatureScheme
{
    public const string SchemeName = "CryptoCloud";
    public const string TokenField = "token";
    public const string InvoiceIdField = "invoice_id";
    private const string IdClaim = "id";
    private const string InvoicePrefix = "INV-";
    private const string FormContentType = "application/x-www-form-urlencoded";
    private const string MultipartContentType = "multipart/";
    private const string NotAPostback = "body is not a CryptoCloud postback (a JSON object, each name once)";

    /// <summary>IdentityModel refuses HS256 keys shorter than 256 bits (IDX10720), so such a secret could never verify.</summary>
    private const int MinKeyBytes = 32;

    private static readonly JsonDocumentOptions JsonOptions = new() { AllowDuplicateProperties = false };

    public string Name => SchemeName;

    public Type SettingsType => typeof(CryptoCloudSettings);

    public ISignatureVerifier Create(SchemeContext context)
    {
        var settings = context.Bind<CryptoCloudSettings>();
        if (settings.ClockSkew < TimeSpan.Zero)
        {
            context.Error("ClockSkew must not be negative.");
        }

        var keys = context.Utf8Secrets();
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i].Length < MinKeyBytes)
            {
                context.Error($"Secrets:{i} is shorter than {MinKeyBytes} bytes, which HS256 token validation refuses.");
            }
        }

        var parameters = new TokenValidationParameters
        {
            // Only HS256: 'none', RS*/ES* (key confusion) and HS384/HS512 are refused before any key is tried.
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKeys = keys.Select(k => new SymmetricSecurityKey(k)).ToArray(),
            TryAllIssuerSigningKeys = true,
            RequireSignedTokens = true,
            ValidateIssuer = false, // the docs show neither iss nor aud
            ValidateAudience = false,

            // The lifetime is checked below against the request's ReceivedAt, not the library's clock, so one shared,
            // immutable set of parameters serves every request and tests are deterministic.
            ValidateLifetime = false,
        };
        return new Verifier(parameters, settings.ClockSkew);
    }

    /// <summary>The CryptoCloud scheme's own settings, bound from the policy object.</summary>
    public sealed class CryptoCloudSettings
    {
        /// <summary>How far past its <c>exp</c> (or before its <c>nbf</c>) a token is still accepted.</summary>
        public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
    }

    private sealed class Verifier(TokenValidationParameters parameters, TimeSpan clockSkew) : ISignatureVerifier
    {
        // The synchronous JwtSecurityTokenHandler.ValidateToken, because Verify is synchronous and JsonWebTokenHandler's
        // synchronous overload is obsolete; the handler is thread-safe and holds no per-token state.
        private readonly JwtSecurityTokenHandler _handler = new() { MapInboundClaims = false };

        /// <summary>Only the token is signed: no body field may identify the event.</summary>
        public bool SignsBody => false;

        public VerificationResult Verify(in CallbackRequest request)
        {
            var problem = TryReadFields(request, out var token, out var invoiceId);
            if (problem is not null)
            {
                return VerificationResult.Malformed(problem);
            }

            if (string.IsNullOrEmpty(token))
            {
                return VerificationResult.Invalid($"missing {TokenField} field");
            }

            JwtSecurityToken jwt;
            try
            {
                _handler.ValidateToken(token, parameters, out var validated);
                jwt = (JwtSecurityToken)validated;
            }
            catch (SecurityTokenException)
            {
                return VerificationResult.Invalid("token signature or algorithm does not verify");
            }
            catch (ArgumentException)
            {
                return VerificationResult.Malformed("token is not a JWT");
            }

            // The token is bound to the body by the invoice: a valid token replayed with another invoice_id is refused.
            var invoice = TryGetText(jwt.Payload, IdClaim, out var tokenId) ? WithoutPrefix(tokenId) : string.Empty;
            if (invoice.Length == 0 || !string.Equals(invoice, WithoutPrefix(invoiceId), StringComparison.Ordinal))
            {
                return VerificationResult.Invalid($"token is not for this {InvoiceIdField}");
            }

            if (!TryGetUnixTime(jwt.Payload, JwtRegisteredClaimNames.Exp, out var expires))
            {
                return VerificationResult.Invalid("token has no exp claim");
            }

            if (request.ReceivedAt - clockSkew > expires
                || (TryGetUnixTime(jwt.Payload, JwtRegisteredClaimNames.Nbf, out var notBefore) && notBefore > request.ReceivedAt + clockSkew))
            {
                return VerificationResult.Stale($"token is outside its lifetime (clock skew {clockSkew})");
            }

            // The identity is the invoice alone, not invoice + status as the sender's fields suggest: status is outside the
            // token, so anyone holding a captured postback could replay it within the token's 5 minutes with another
            // status and, were status part of the identity, get it past deduplication to the backend. CryptoCloud sends one
            // postback per paid invoice (re-sends carry a new token but the same invoice), so the invoice alone loses nothing.
            return VerificationResult.VerifiedAs(invoice);
        }

        /// <summary>Reads the token and the invoice id; returns null, or why the body is not a postback the backend reads alike.</summary>
        private static string? TryReadFields(in CallbackRequest request, out string? token, out string? invoiceId)
        {
            token = null;
            invoiceId = null;
            var contentType = request.ContentType.AsSpan();
            if (contentType.StartsWith(MultipartContentType, StringComparison.OrdinalIgnoreCase))
            {
                // PHP reads multipart fields with its own parser, while the gateway would read the bytes as a URL-encoded
                // form: a part could name another invoice_id than the one the gateway bound to the token.
                return "a multipart body is not a CryptoCloud postback (JSON or a URL-encoded form)";
            }

            return IsForm(request)
                ? TryReadForm(Encoding.UTF8.GetString(request.Body.Span), out token, out invoiceId)
                : TryReadJson(request.Body, out token, out invoiceId);
        }

        /// <summary>
        /// Reads a URL-encoded form as PHP does (<see cref="PhpFormNames"/>): refused when more than one field is read as
        /// token or invoice_id, or one is read so without being named exactly that (<c>invoice.id</c>, <c>invoice_id[]</c>,
        /// <c> invoice_id</c>, <c>Invoice_Id</c>…), because the backend could then read another invoice than the one bound
        /// to the token.
        /// </summary>
        private static string? TryReadForm(string body, out string? token, out string? invoiceId)
        {
            token = null;
            invoiceId = null;
            foreach (var field in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = field.IndexOf('=', StringComparison.Ordinal);
                var name = WebUtility.UrlDecode(equals < 0 ? field : field[..equals]);
                var bound = BoundField(PhpFormNames.TopLevelName(name));
                if (bound is null)
                {
                    continue;
                }

                if (!string.Equals(name, bound, StringComparison.Ordinal))
                {
                    return $"form body holds a field that PHP reads as {bound} (or as one differing in case) without being named {bound}";
                }

                ref var value = ref bound == TokenField ? ref token : ref invoiceId;
                if (value is not null)
                {
                    return $"form body holds {bound} more than once"; // a repeated field could be read either way by the backend
                }

                value = equals < 0 ? string.Empty : WebUtility.UrlDecode(field[(equals + 1)..]);
            }

            return null;
        }

        /// <summary>
        /// Reads a JSON object; refused when two top-level names are equal ignoring case or a name differs from token or
        /// invoice_id only in case, because backends that lower-case or case-fold keys would read either.
        /// </summary>
        private static string? TryReadJson(ReadOnlyMemory<byte> body, out string? token, out string? invoiceId)
        {
            token = null;
            invoiceId = null;
            try
            {
                using var document = JsonDocument.Parse(body, JsonOptions);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return NotAPostback;
                }

                var folded = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in root.EnumerateObject())
                {
                    if (!folded.Add(FoldCase(property.Name)))
                    {
                        return "JSON body holds two names that are equal ignoring case";
                    }

                    if (BoundField(property.Name) is { } bound && !string.Equals(property.Name, bound, StringComparison.Ordinal))
                    {
                        return $"JSON body holds a name that differs from {bound} only in case";
                    }
                }

                if (root.TryGetProperty(TokenField, out var tokenValue))
                {
                    token = tokenValue.ValueKind == JsonValueKind.String ? tokenValue.GetString() : null;
                }

                if (root.TryGetProperty(InvoiceIdField, out var invoiceValue))
                {
                    invoiceId = invoiceValue.ValueKind switch
                    {
                        JsonValueKind.String => invoiceValue.GetString(),
                        JsonValueKind.Number => invoiceValue.GetRawText(),
                        _ => null,
                    };
                }

                return null;
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                return NotAPostback; // not JSON, a duplicate key, or a lone surrogate the reader will not decode
            }
        }

        /// <summary>The signed field (token or invoice_id) that a backend folding case reads under this name, or null.</summary>
        private static string? BoundField(string name)
        {
            var folded = FoldCase(name);
            return folded == TokenField ? TokenField : folded == InvoiceIdField ? InvoiceIdField : null;
        }

        /// <summary>
        /// Upper- then lower-cased, so that both directions of folding meet ('ſ' as 's', Kelvin 'K' as 'k'); the dotless and
        /// dotted I, which .NET's invariant casing leaves alone but JavaScript and Python fold, as 'i'.
        /// </summary>
        private static string FoldCase(string name) =>
            name.ToUpperInvariant().ToLowerInvariant().Replace('\u0131', 'i').Replace('\u0130', 'i');

        /// <summary>The Content-Type decides; without a known one, a body starting with '{' is JSON.</summary>
        private static bool IsForm(in CallbackRequest request)
        {
            var contentType = request.ContentType.AsSpan();
            if (contentType.StartsWith(FormContentType, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (contentType.Contains("json", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            var body = request.Body.Span.TrimStart(" \t\r\n"u8);
            return body.IsEmpty || body[0] != (byte)'{';
        }

        private static string WithoutPrefix(string? id) =>
            id is null ? string.Empty : id.StartsWith(InvoicePrefix, StringComparison.Ordinal) ? id[InvoicePrefix.Length..] : id;

        /// <summary>A string claim, or an integer one (the docs' sample token carries <c>"id": 13</c>) in invariant form.</summary>
        private static bool TryGetText(JwtPayload payload, string claim, out string? text)
        {
            text = payload.TryGetValue(claim, out var value) ? value switch
            {
                string s => s,
                int or long => Convert.ToString(value, CultureInfo.InvariantCulture),
                _ => null,
            } : null;
            return text is not null;
        }

        private static bool TryGetUnixTime(JwtPayload payload, string claim, out DateTimeOffset time)
        {
            time = default;
            if (!payload.TryGetValue(claim, out var value))
            {
                return false;
            }

            double seconds = value switch
            {
                int i => i,
                long l => l,
                double d => d,
                decimal m => (double)m,
                _ => double.NaN,
            };
            if (double.IsNaN(seconds))
            {
                return false;
            }

            // Clamped, so an absurd exp is just far away rather than an exception.
            time = DateTimeOffset.UnixEpoch.AddSeconds(Math.Clamp(seconds, -62_135_596_800, 253_402_300_799));
            return true;
        }
    }
}
