using System.Security.Cryptography;
using System.Text;

namespace Gateway.Signer.Signers;

/// <summary>
/// Twilio: <c>X-Twilio-Signature: &lt;base64 HMAC-SHA1(Auth Token, url + each form parameter's name and value, sorted by name)&gt;</c>;
/// the url is <c>--url</c> with its query, the body an <c>application/x-www-form-urlencoded</c> form.
/// </summary>
internal sealed class TwilioSigner : ISigner
{
    public const string SchemeName = "twilio";
    public const string SignatureHeader = "X-Twilio-Signature";

    public string Name => SchemeName;

    public string Description => $"{SignatureHeader}: <base64 HMAC-SHA1 of url + sorted form name/value pairs> (form body)";

    public string DefaultContentType(SignerArguments arguments) => MediaTypes.Form;

    public SignedRequest Sign(SigningInput input)
    {
        var signed = new StringBuilder(input.Arguments.RequestUrl);
        foreach (var (name, value) in SortedFields(Encoding.UTF8.GetString(input.Body)))
        {
            signed.Append(name).Append(value);
        }

        var digest = Digests.Hmac(HashAlgorithmName.SHA1, Digests.Utf8(input.Secret), Digests.Utf8(signed.ToString()));
        return input.Signed((SignatureHeader, Convert.ToBase64String(digest)));
    }

    /// <summary>The form's fields decoded ('+' a space, %XX a UTF-8 byte), sorted by name in UTF-16 order as Twilio's libraries sort them.</summary>
    private static List<(string Name, string Value)> SortedFields(string form)
    {
        var fields = new List<(string Name, string Value)>();
        foreach (var pair in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new UsageException($"twilio: the body must be a form (name=value&…); '{pair}' has no name and '='.");
            }

            fields.Add((Decode(pair[..equals]), Decode(pair[(equals + 1)..])));
        }

        fields.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        if (fields.Count != fields.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count())
        {
            throw new UsageException("twilio: a form parameter is repeated; Twilio never sends that and the gateway refuses it.");
        }

        return fields;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
