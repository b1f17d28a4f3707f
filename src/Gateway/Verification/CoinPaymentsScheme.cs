using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Gateway.Verification;

/// <summary>
/// CoinPayments IPN (the legacy merchant-tools IPN): an <c>application/x-www-form-urlencoded</c> POST with the header
/// <c>HMAC</c> = hex HMAC-SHA512 of the raw body keyed with the IPN secret; the body's <c>merchant</c> must be the merchant's
/// ID (<see cref="CoinPaymentsSettings.MerchantId"/>) and its <c>ipn_mode</c> <c>hmac</c>, as CoinPayments' documented check
/// requires. No timestamp is signed. The identity is <c>txn_id</c> and <c>status</c> (one IPN per status change; CoinPayments
/// retries up to 10 times).
/// </summary>
/// <remarks>
/// The whole body is signed, so its fields may also serve as <c>Dedup:Identity</c> (<c>form:ipn_id</c>…). A body holding
/// <c>merchant</c>, <c>ipn_mode</c>, <c>txn_id</c> or <c>status</c> more than once is refused: PHP keeps the last, other
/// parsers the first. CoinPayments' sample trims the secret; here a secret is used exactly as configured.
/// </remarks>
internal sealed class CoinPaymentsScheme : ISignatureScheme
{
    public const string SchemeName = "CoinPayments";
    public const string SignatureHeader = "HMAC";
    public const string MerchantField = "merchant";
    public const string ModeField = "ipn_mode";
    public const string HmacMode = "hmac";
    public const string TxnIdField = "txn_id";
    public const string StatusField = "status";

    public string Name => SchemeName;

    public Type SettingsType => typeof(CoinPaymentsSettings);

    public ISignatureVerifier Create(SchemeContext context)
    {
        var settings = context.Bind<CoinPaymentsSettings>();
        if (string.IsNullOrWhiteSpace(settings.MerchantId))
        {
            context.Error("MerchantId is required: the merchant ID every IPN's merchant field must carry.");
        }

        return new Verifier(context.Utf8Secrets(), Encoding.UTF8.GetBytes(settings.MerchantId ?? string.Empty));
    }

    /// <summary>The CoinPayments scheme's own settings, bound from the policy object.</summary>
    public sealed class CoinPaymentsSettings
    {
        /// <summary>The merchant ID (Account Settings) that every IPN names in its <c>merchant</c> field.</summary>
        public string? MerchantId { get; set; }
    }

    private sealed class Verifier(byte[][] keys, byte[] merchantId) : ISignatureVerifier
    {
        public VerificationResult Verify(in CallbackRequest request)
        {
            Span<byte> expected = stackalloc byte[HMACSHA512.HashSizeInBytes];
            if (HexSignatureHeader.TryRead(request, SignatureHeader, expected, "HMAC-SHA512") is { } unreadable)
            {
                return unreadable;
            }

            if (!SignatureMath.AnyKeyMatches(keys, expected, request.Body.Span, static (key, data, destination) => HMACSHA512.HashData(key, data, destination)))
            {
                return VerificationResult.Invalid("signature does not match");
            }

            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(request.Body.Span));
            string?[] fields = [Single(form, MerchantField), Single(form, ModeField), Single(form, TxnIdField), Single(form, StatusField)];
            if (fields.Any(string.IsNullOrEmpty))
            {
                return VerificationResult.Malformed($"{MerchantField}, {ModeField}, {TxnIdField} and {StatusField} must each appear once, not empty");
            }

            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(fields[0]!), merchantId))
            {
                return VerificationResult.Invalid("IPN is for another merchant");
            }

            return string.Equals(fields[1], HmacMode, StringComparison.Ordinal)
                ? VerificationResult.VerifiedAs(fields[2]!, fields[3]!)
                : VerificationResult.Invalid($"{ModeField} is not {HmacMode}");
        }

        private static string? Single(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> form, string name) =>
            form.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;
    }
}
