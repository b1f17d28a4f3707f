using Gateway.Signer.Signers;

namespace Gateway.Signer;

/// <summary>Turns a signed request into an <see cref="HttpRequestMessage"/> that sends every header byte for byte as signed.</summary>
internal static class RequestSender
{
    public static HttpRequestMessage ToHttpRequest(SignedRequest signed)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, signed.Url) { Content = new ByteArrayContent(signed.Body) };
        foreach (var (name, value) in signed.Headers)
        {
            // Without validation, so HttpClient does not re-format a signed value (Date, Content-Type); content headers go on the content.
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }
}
