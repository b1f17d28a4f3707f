using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gateway.Verification;

/// <summary>
/// NOWPayments IPN: <c>x-nowpayments-sig</c> = hex HMAC-SHA512, keyed with the IPN secret key, of
/// <c>JSON.stringify(sortObject(body))</c>: the parsed body with its keys sorted at every level, written back compactly as
/// JavaScript writes it (<see cref="SortedJavaScriptJson"/>). No timestamp is signed. The identity is the payment's
/// <c>payment_id</c> and <c>payment_status</c> as the signed text holds them (one payment is notified once per status); an IPN
/// without them (a payout's) is identified by the SHA-256 of the signed text.
/// </summary>
/// <remarks>
/// The signature covers the parsed body, not its bytes, so bodies that differ in whitespace, key order or escapes sign the
/// same: harmless, every parser reads them alike, and they get the same identity. Refused, because another body signs the
/// same and a backend could read it differently: duplicate keys, a <c>__proto__</c> key (the documented <c>sortObject</c>
/// drops it), a <c>payment_id</c> or <c>payment_status</c> that is not a string or number, and in <see
/// cref="NowPaymentsSettings.Strict"/> mode numbers not spelled as JavaScript prints them (<c>1.10</c>, <c>1e3</c>) and bytes
/// that are not UTF-8. Arrays are signed as the documented code turns them into objects (<c>[a,b]</c> as
/// <c>{"0":a,"1":b}</c>), so an array and that object sign the same; the identity fields cannot be either.
/// </remarks>
internal sealed class NowPaymentsScheme : ISignatureScheme
{
    public const string SchemeName = "NowPayments";
    public const string SignatureHeader = "x-nowpayments-sig";
    public const string PaymentIdField = "payment_id";
    public const string PaymentStatusField = "payment_status";

    /// <summary>What identifies an IPN without payment_id and payment_status; two ':' keep it apart from those identities.</summary>
    private const string SignedTextHashPrefix = "nowpayments:s256:";

    public string Name => SchemeName;

    public Type SettingsType => typeof(NowPaymentsSettings);

    public ISignatureVerifier Create(SchemeContext context) =>
        new Verifier(context.Utf8Secrets(), context.Bind<NowPaymentsSettings>().Strict);

    /// <summary>
    /// Writes the signed text of <paramref name="body"/> into <paramref name="content"/> and finds its identity; returns null,
    /// or why the body cannot be verified unambiguously.
    /// </summary>
    internal static string? TryBuildSignedText(ReadOnlyMemory<byte> body, bool strict, ref ContentBuilder content, out string[]? identity)
    {
        identity = null;
        var invalid = JsonObjectBody.TryParse(body, requireUtf8: strict, refuseDuplicates: false, out var document);
        if (invalid is not null)
        {
            return invalid;
        }

        using (document)
        {
            var root = document!.RootElement;
            var problem = SortedJavaScriptJson.Write(root, ref content, strict);
            if (problem != SortedJsonProblem.None)
            {
                return problem switch
                {
                    SortedJsonProblem.DuplicateKey => "body holds a duplicate key",
                    SortedJsonProblem.ProtoKey => "body holds a __proto__ key, which the signed text leaves out",
                    _ => "body holds a number not written as JavaScript writes it",
                };
            }

            return TryReadIdentity(root, strict, out identity);
        }
    }

    /// <summary>
    /// <c>String(payment_id)</c> and <c>String(payment_status)</c>, as the signed text holds them (a number as JavaScript prints
    /// it, whatever its spelling in the body); null when the body has neither.
    /// </summary>
    private static string? TryReadIdentity(JsonElement root, bool strict, out string[]? identity)
    {
        identity = null;
        var hasId = root.TryGetProperty(PaymentIdField, out var id);
        var hasStatus = root.TryGetProperty(PaymentStatusField, out var status);
        if (!hasId && !hasStatus)
        {
            return null;
        }

        if (!IsScalar(id) || !IsScalar(status))
        {
            return $"{PaymentIdField} and {PaymentStatusField} must both be present, each a string or a number";
        }

        identity = [Text(id, strict), Text(status, strict)];
        return null;
    }

    private static bool IsScalar(JsonElement value) => value.ValueKind is JsonValueKind.String or JsonValueKind.Number;

    private static string Text(JsonElement value, bool strict)
    {
        var text = new ContentBuilder(64);
        try
        {
            JavaScriptText.WriteString(value, ref text, strict); // the body was already written without a problem
            return Encoding.UTF8.GetString(text.Written);
        }
        finally
        {
            text.Dispose();
        }
    }

    /// <summary>The NOWPayments scheme's own settings, bound from the policy object.</summary>
    public sealed class NowPaymentsSettings
    {
        /// <summary>
        /// Refuse bodies no JavaScript sender writes and that sign the same as a different body: numbers not spelled as
        /// JavaScript prints them (<c>1.10</c>, <c>1e3</c>, <c>-0</c>, more digits than a double holds) and bytes that are not
        /// valid UTF-8. Off, such bodies are signed as Node's <c>JSON.parse</c> reads them (the identity still follows the
        /// signed text, so it does not change with the spelling).
        /// </summary>
        public bool Strict { get; set; } = true;
    }

    private sealed class Verifier(byte[][] keys, bool strict) : ISignatureVerifier
    {
        public VerificationResult Verify(in CallbackRequest request)
        {
            Span<byte> expected = stackalloc byte[HMACSHA512.HashSizeInBytes];
            if (HexSignatureHeader.TryRead(request, SignatureHeader, expected, "HMAC-SHA512") is { } unreadable)
            {
                return unreadable;
            }

            var content = new ContentBuilder(request.Body.Length + 64);
            try
            {
                var problem = TryBuildSignedText(request.Body, strict, ref content, out var identity);
                if (problem is not null)
                {
                    return VerificationResult.Malformed(problem);
                }

                if (!SignatureMath.AnyKeyMatches(keys, expected, content.Written, static (key, data, destination) => HMACSHA512.HashData(key, data, destination)))
                {
                    return VerificationResult.Invalid("signature does not match");
                }

                return identity is not null ? VerificationResult.VerifiedAs(identity) : VerifiedAsSignedText(content.Written);
            }
            finally
            {
                content.Dispose();
            }
        }

        private static VerificationResult VerifiedAsSignedText(ReadOnlySpan<byte> signed)
        {
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(signed, hash);
            return new VerificationResult(VerificationStatus.Verified, Identity: SignedTextHashPrefix + Convert.ToHexStringLower(hash));
        }
    }
}
