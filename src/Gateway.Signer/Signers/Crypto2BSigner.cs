using System.Globalization;
using System.Security.Cryptography;

namespace Gateway.Signer.Signers;

/// <summary>
/// Crypto2B (the API's own authentication headers): <c>X-Processing-Key</c>, <c>X-Processing-Timestamp</c> (Unix ms), optional
/// <c>X-Processing-RecvWindow</c> (ms) and <c>X-Processing-Signature</c> = base64 HMAC-SHA512(base64-decoded secret,
/// timestamp + recvWindow + "POST" + path-and-query + body), no separators.
/// </summary>
internal sealed class Crypto2BSigner : ISigner
{
    public const string SchemeName = "crypto2b";
    public const string KeyHeader = "X-Processing-Key";
    public const string TimestampHeader = "X-Processing-Timestamp";
    public const string RecvWindowHeader = "X-Processing-RecvWindow";
    public const string SignatureHeader = "X-Processing-Signature";

    public string Name => SchemeName;

    public string Description => $"{KeyHeader}, {TimestampHeader} (ms), [{RecvWindowHeader}], {SignatureHeader}: base64 HMAC-SHA512 of timestamp+recvWindow+\"POST\"+path?query+body";

    public SignedRequest Sign(SigningInput input)
    {
        var publicKey = input.Arguments.PublicKey ?? throw new UsageException("crypto2b needs --public-key (sent as X-Processing-Key).");
        var key = Digests.Base64Secret(input.Secret, SchemeName);
        var timestamp = input.Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var recvWindow = input.Arguments.RecvWindow?.ToString(CultureInfo.InvariantCulture);
        var content = input.TextThenBody(timestamp + recvWindow + "POST" + input.Arguments.PathAndQuery);
        var signature = Convert.ToBase64String(Digests.Hmac(HashAlgorithmName.SHA512, key, content));

        var headers = new List<(string, string)> { (KeyHeader, publicKey), (TimestampHeader, timestamp) };
        if (recvWindow is not null)
        {
            headers.Add((RecvWindowHeader, recvWindow));
        }

        headers.Add((SignatureHeader, signature));
        return input.Signed([.. headers]);
    }
}
