using System.Net.Http.Headers;

namespace Gateway.Callbacks;

/// <summary>
/// In the forwarder's HttpClient: puts a verified callback's <see cref="BufferedBodyContent"/> in place of YARP's streaming
/// content, with the same content headers. YARP refuses a content replaced by a transform (it tracks its own to report body
/// errors), so the swap happens here, after that check; a callback's body is in memory and has no body errors left to report.
/// </summary>
internal sealed class BufferedBodyHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Content first: a request without a body (most plain ones) never makes HttpClient allocate its options.
        if (request.Content is { } streamed && request.Options.TryGetValue(BufferedBodyContent.OptionKey, out var buffered))
        {
            CopyHeaders(streamed.Headers, buffered.Headers);
            request.Content = buffered;
        }

        return base.SendAsync(request, cancellationToken);
    }

    private static void CopyHeaders(HttpContentHeaders from, HttpContentHeaders to)
    {
        foreach (var header in from.NonValidated)
        {
            // The length is the buffer's own: the content computes it.
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                to.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
    }
}
