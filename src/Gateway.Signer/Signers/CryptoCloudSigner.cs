using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gateway.Signer.Signers;

/// <summary>
/// CryptoCloud: the body's <c>token</c> field is an HS256 JWT signed with the project's secret key, claims <c>id</c> (the invoice)
/// and <c>exp</c> (5 minutes). Nothing else is signed. The JWT is built by hand here (base64url of header, claims, HMAC), so it
/// does not share the gateway's JWT library. Sent as JSON, or with <c>--form</c> as form fields from a JSON object body.
/// </summary>
internal sealed class CryptoCloudSigner : ISigner
{
    public const string SchemeName = "cryptocloud";
    public const string TokenField = "token";
    public const string InvoiceIdField = "invoice_id";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public string Name => SchemeName;

    public string Description => $"sets the body's {TokenField} to an HS256 JWT {{id: invoice_id, exp: now+5min}} (JSON, or --form)";

    public string DefaultContentType(SignerArguments arguments) => arguments.Form ? MediaTypes.Form : MediaTypes.Json;

    public SignedRequest Sign(SigningInput input)
    {
        using var document = Parse(input.Body);
        var fields = document.RootElement;
        var invoiceId = input.Arguments.InvoiceId ?? InvoiceId(fields);
        var token = Token(input.Secret, invoiceId, input.Now + Lifetime);
        var notes = new List<string>();
        var body = input.Arguments.Form ? FormBody(fields, token, notes) : JsonBody(fields, token);
        return input.Signed(body, notes);
    }

    /// <summary>An HS256 JWT: base64url(header) "." base64url(claims) "." base64url(HMAC-SHA256(secret, the first two parts)).</summary>
    public static string Token(string secret, string invoiceId, DateTimeOffset expires)
    {
        var claims = new StringBuilder("{\"id\":");
        JavaScript.Quote(claims, invoiceId);
        claims.Append(",\"exp\":").Append(expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)).Append('}');
        var unsigned = Base64Url.EncodeToString(Digests.Utf8("""{"typ":"JWT","alg":"HS256"}""")) + "." + Base64Url.EncodeToString(Digests.Utf8(claims.ToString()));
        return unsigned + "." + Base64Url.EncodeToString(Digests.HmacSha256(secret, Digests.Utf8(unsigned)));
    }

    private static JsonDocument Parse(byte[] body)
    {
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        throw new UsageException("cryptocloud: the body must be a JSON object (its fields are sent as JSON, or as form fields with --form).");
    }

    private static string InvoiceId(JsonElement fields) =>
        fields.TryGetProperty(InvoiceIdField, out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? (id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText())
            : throw new UsageException($"cryptocloud: the body has no {InvoiceIdField}; add it or pass --invoice-id.");

    /// <summary>The body with <c>token</c> replaced in place (or appended), the other fields kept as they were.</summary>
    private static byte[] JsonBody(JsonElement fields, string token)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            var written = false;
            foreach (var property in fields.EnumerateObject())
            {
                if (property.NameEquals(TokenField))
                {
                    if (!written)
                    {
                        writer.WriteString(TokenField, token);
                        written = true;
                    }
                }
                else
                {
                    property.WriteTo(writer);
                }
            }

            if (!written)
            {
                writer.WriteString(TokenField, token);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The top-level scalar fields as <c>application/x-www-form-urlencoded</c>; objects (invoice_info) exist only in JSON postbacks.</summary>
    private static byte[] FormBody(JsonElement fields, string token, List<string> notes)
    {
        var pairs = new List<string>();
        var written = false;
        foreach (var property in fields.EnumerateObject())
        {
            string value;
            if (property.NameEquals(TokenField))
            {
                if (written)
                {
                    continue;
                }

                value = token;
                written = true;
            }
            else if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                notes.Add($"{property.Name} is not sent: form postbacks carry scalar fields only.");
                continue;
            }
            else
            {
                value = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Null => string.Empty,
                    _ => property.Value.GetRawText(),
                };
            }

            pairs.Add(Uri.EscapeDataString(property.Name) + "=" + Uri.EscapeDataString(value));
        }

        if (!written)
        {
            pairs.Add(TokenField + "=" + Uri.EscapeDataString(token));
        }

        return Digests.Utf8(string.Join('&', pairs));
    }
}
