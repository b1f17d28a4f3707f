using System.Globalization;
using System.Security.Cryptography;

namespace Gateway.Signer.Signers;

/// <summary>
/// IXOPAY (php-ixopay <c>CurlClient::createSignature</c>): <c>X-Signature</c> = base64 HMAC-SHA512(shared secret, S) where S is
/// <c>POST</c>, the lowercase hex SHA-512 (or, old algorithm, MD5) of the body, the Content-Type, the Date header and the
/// request URI (path + query), joined with <c>\n</c>.
/// </summary>
internal sealed class IxopaySigner : ISigner
{
    public const string SchemeName = "ixopay";
    public const string SignatureHeader = "X-Signature";
    public const string DateHeader = "Date";

    public string Name => SchemeName;

    public string Description => $"{SignatureHeader}: base64 HMAC-SHA512 of \"POST\\n<hex sha512(body)>\\n<content-type>\\n<date>\\n<path?query>\", with {DateHeader}";

    public string DefaultContentType(SignerArguments arguments) => MediaTypes.JsonUtf8;

    public SignedRequest Sign(SigningInput input)
    {
        var date = input.Arguments.Date ?? input.Now.ToString("r", CultureInfo.InvariantCulture);
#pragma warning disable CA5351 // IXOPAY's old algorithm hashes the body with MD5; the HMAC-SHA512 over the string is what authenticates.
        var bodyHash = input.Arguments.Md5 ? MD5.HashData(input.Body) : SHA512.HashData(input.Body);
#pragma warning restore CA5351
        var signed = string.Join('\n', "POST", Digests.Hex(bodyHash), input.ContentType, date, input.Arguments.PathAndQuery);
        var signature = Digests.Hmac(HashAlgorithmName.SHA512, Digests.Utf8(input.Secret), Digests.Utf8(signed));
        return input.Signed((DateHeader, date), (SignatureHeader, Convert.ToBase64String(signature)));
    }
}
