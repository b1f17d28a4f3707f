using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Signer.Signers;

/// <summary>
/// Plisio: appends <c>verify_hash</c> = hex HMAC-SHA1(secret key, PHP <c>serialize()</c> of the form fields sorted by name,
/// <c>tx_urls</c> HTML-decoded) to a form body, as Plisio's SDK (<c>verifyCallbackData</c>) checks it.
/// </summary>
internal sealed class PlisioSigner : ISigner
{
    public const string SchemeName = "plisio";
    public const string HashField = "verify_hash";

    public string Name => SchemeName;

    public string Description => $"appends {HashField} = hex HMAC-SHA1 of PHP serialize() of the sorted form fields to the form body";

    public string DefaultContentType(SignerArguments arguments) => MediaTypes.Form;

    public SignedRequest Sign(SigningInput input)
    {
        var form = Encoding.UTF8.GetString(input.Body).TrimEnd('\r', '\n');
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var name = WebUtility.UrlDecode(parts[0]);
            if (name == HashField)
            {
                continue;
            }

            fields[name] = WebUtility.UrlDecode(parts.Length > 1 ? parts[1] : string.Empty); // the last one wins, as in PHP
        }

        if (fields.TryGetValue("tx_urls", out var txUrls))
        {
            fields["tx_urls"] = WebUtility.HtmlDecode(txUrls);
        }

        var serialized = new StringBuilder().Append(CultureInfo.InvariantCulture, $"a:{fields.Count}:{{");
        foreach (var (name, value) in fields)
        {
            serialized.Append(CultureInfo.InvariantCulture, $"s:{Encoding.UTF8.GetByteCount(name)}:\"{name}\";s:{Encoding.UTF8.GetByteCount(value)}:\"{value}\";");
        }

        var hash = Digests.Hex(Digests.Hmac(HashAlgorithmName.SHA1, Digests.Utf8(input.Secret), Digests.Utf8(serialized.Append('}').ToString())));
        return input.Signed(Digests.Utf8(form + (form.Length == 0 ? string.Empty : "&") + HashField + "=" + hash), []);
    }
}
