using System.Text;

namespace Gateway.Signer.Signers;

/// <summary>What a signer signs: the arguments, the body bytes as given, the moment of signing and the Content-Type that will be sent.</summary>
internal sealed record SigningInput(SignerArguments Arguments, byte[] Body, DateTimeOffset Now, string ContentType)
{
    public IReadOnlyList<string> Secrets => Arguments.Secrets;

    /// <summary>The only secret, for schemes whose header carries one signature.</summary>
    public string Secret => Arguments.Secrets[0];

    public long UnixSeconds => Now.ToUnixTimeSeconds();

    /// <summary>UTF-8 of <paramref name="text"/> followed by the raw body: the signed content of most schemes.</summary>
    public byte[] TextThenBody(string text)
    {
        var content = new byte[Encoding.UTF8.GetByteCount(text) + Body.Length];
        var written = Encoding.UTF8.GetBytes(text, content);
        Body.CopyTo(content, written);
        return content;
    }

    /// <summary>The request with the body unchanged and these headers after Content-Type.</summary>
    public SignedRequest Signed(params (string Name, string Value)[] headers) => Signed(Body, [], headers);

    public SignedRequest Signed(byte[] body, IReadOnlyList<string> notes, params (string Name, string Value)[] headers) =>
        new(Arguments.RequestUrl, [("Content-Type", ContentType), .. headers], body, !ReferenceEquals(body, Body), notes);
}
