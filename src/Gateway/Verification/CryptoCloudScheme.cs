using System.Globalization;
using System.IdentityModel.Tokens.Jwt;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Verification;

/// <summary>
/// CryptoCloud (cryptocloud.plus) POSTBACK: a JSON or <c>application/x-www-form-urlencoded</c> body whose <c>token</c>
/// field is a JWT, HS256 with the project's SECRET KEY, valid 5 minutes and carrying the invoice in its <c>id</c> claim.
/// Only the token is signed: it is bound to the body through <c>invoice_id</c> (with or without the <c>INV-</c> prefix),
/// and no other body field is trusted, so the identity is the token's invoice id.
/// </summary>
public sealed class CryptoCloudScheme : ISignatureScheme
{
    public const string SchemeName = "CryptoCloud";
    public const string TokenField = "token";
    public const string InvoiceIdField = "invoice_id";
    private const string IdClaim = "id";
    private const string InvoicePrefix = "INV-";
    private const string FormContentType = "application/x-www-form-urlencoded";

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
            if (!TryReadFields(request, out var token, out var invoiceId))
            {
                return VerificationResult.Malformed("body is not a CryptoCloud postback (JSON or form, each field once)");
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

        private static bool TryReadFields(in CallbackRequest request, out string? token, out string? invoiceId)
        {
            token = null;
            invoiceId = null;
            if (IsForm(request))
            {
                var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(request.Body.Span));
                return TryGetSingle(form, TokenField, ref token) && TryGetSingle(form, InvoiceIdField, ref invoiceId);
            }

            try
            {
                using var document = JsonDocument.Parse(request.Body, JsonOptions);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return false;
                }

                if (document.RootElement.TryGetProperty(TokenField, out var tokenValue))
                {
                    token = tokenValue.ValueKind == JsonValueKind.String ? tokenValue.GetString() : null;
                }

                if (document.RootElement.TryGetProperty(InvoiceIdField, out var invoiceValue))
                {
                    invoiceId = invoiceValue.ValueKind switch
                    {
                        JsonValueKind.String => invoiceValue.GetString(),
                        JsonValueKind.Number => invoiceValue.GetRawText(),
                        _ => null,
                    };
                }

                return true;
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                return false; // not JSON, a duplicate key, or a lone surrogate the reader will not decode
            }
        }

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

        private static bool TryGetSingle(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form, string name, ref string? value)
        {
            if (!form.TryGetValue(name, out var values))
            {
                return true;
            }

            value = values[0];
            return values.Count == 1; // a repeated field could be read either way by the backend
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
