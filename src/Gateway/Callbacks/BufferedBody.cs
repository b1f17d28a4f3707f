using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Callbacks;

/// <summary>
/// The body step on its own: reads the request body into a <see cref="PooledBody"/> (capped by the policy and the gateway's
/// budget), then puts exactly those bytes in place of the request body, with their length, so what is forwarded is what was
/// verified (a chunked request is forwarded with Content-Length); the forward sends them as <see cref="Content"/>. Dispose
/// waits for that content's write to end, puts the request back as it was and returns the buffer to the pool, so neither a
/// stream nor a write over a returned buffer outlives it.
/// </summary>
internal sealed class BufferedBody : IAsyncDisposable
{
    private readonly HttpRequest _request;
    private readonly PooledBody _body;
    private readonly Stream _received;
    private readonly long? _receivedLength;
    private readonly Microsoft.Extensions.Primitives.StringValues _transferEncoding;
    private BufferedBodyContent? _content;

    private BufferedBody(HttpRequest request, PooledBody body)
    {
        _request = request;
        _body = body;
        _received = request.Body;
        _receivedLength = request.ContentLength;
        _transferEncoding = request.Headers.TransferEncoding;
        request.Body = new MemoryStream(body.Buffer, 0, body.Length, writable: false);
        request.ContentLength = body.Length;
        request.Headers.TransferEncoding = default;
    }

    public ReadOnlyMemory<byte> Bytes => _body.Memory;

    /// <summary>The bytes as the forward's request content (<see cref="BufferedBodyHandler"/>).</summary>
    public BufferedBodyContent Content => _content ??= new BufferedBodyContent(_body.Memory);

    /// <summary>Reads the body; null, with why, when it is too large or the budget is spent.</summary>
    public static async Task<(BufferedBody? Body, PooledBody.Outcome Outcome)> ReadAsync(HttpContext context, int maxBytes, BodyBudget budget)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            // Our own cap answers first, with the policy's 413. Kestrel counts a chunked body with its framing (a one-byte chunk
            // is six bytes on the wire), so a chunked body gets room for that; its decoded bytes are still capped by ours.
            sizeLimit.MaxRequestBodySize = context.Request.ContentLength is null ? (maxBytes * 8L) + 4096 : maxBytes + 1L;
        }

        try
        {
            var (body, outcome) = await PooledBody.ReadAsync(context.Request.Body, context.Request.ContentLength, maxBytes, budget, context.RequestAborted);
            return (body is null ? null : new BufferedBody(context.Request, body), outcome);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's limit fired first (pathological framing): the same answer as our own cap.
            return (null, PooledBody.Outcome.TooLarge);
        }
        catch (Exception ex) when (ex is BadHttpRequestException || (ex is IOException && !context.RequestAborted.IsCancellationRequested))
        {
            // Broken framing (a chunk size that is not hex or overflows, a chunk longer than its size): the sender's fault,
            // answered and counted as malformed rather than escaping as a server error with a stack trace per request.
            return (null, PooledBody.Outcome.Malformed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_content is { Started: true })
        {
            // HTTP/1.1 has sent it by the time the answer is in; HTTP/2 may still be writing until the stream is reset.
            await _content.Sent.ConfigureAwait(false);
        }

        _request.Body = _received;
        _request.ContentLength = _receivedLength;
        _request.Headers.TransferEncoding = _transferEncoding;
        _body.Dispose();
    }
}
