using System.Net;

namespace Gateway.Callbacks;

/// <summary>
/// A verified callback's body as the forward's request content: the bytes that were verified, with their length, written to
/// the backend connection in one write, so HttpClient sends them in the same packet as the headers. YARP's own content
/// streams the body and flushes the headers first (two writes per forwarded body); this one is already in memory.
/// </summary>
/// <remarks>
/// Sent at most once, as YARP's content is: if HttpClient would send the request again (a reused connection that closed
/// before any answer), the second attempt fails, so the gateway never itself delivers an event twice.
/// </remarks>
internal sealed class BufferedBodyContent(ReadOnlyMemory<byte> body) : HttpContent
{
    /// <summary>Where the request transform leaves the content for <see cref="BufferedBodyHandler"/>.</summary>
    public static readonly HttpRequestOptionsKey<BufferedBodyContent> OptionKey = new("Gateway.BufferedBodyContent");

    private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    /// <summary>Whether HttpClient has begun writing the body.</summary>
    public bool Started => Volatile.Read(ref _started) == 1;

    /// <summary>Completes when the write has ended, however it ended: until then the buffer is in use.</summary>
    public Task Sent => _sent.Task;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("A callback's body is sent to the backend at most once.");
        }

        try
        {
            await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sent.TrySetResult();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
