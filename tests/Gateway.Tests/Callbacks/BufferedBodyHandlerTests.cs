using System.Net;
using System.Text;
using Gateway.Callbacks;

namespace Gateway.Tests.Callbacks;

public sealed class BufferedBodyHandlerTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"id":"evt_1","type":"invoice.paid"}""");

    [Fact]
    public async Task SendAsync_BufferedBodyGiven_SendsThoseBytesWithTheStreamedContentsHeaders()
    {
        var backend = new CapturingHandler();
        using var client = new HttpMessageInvoker(new BufferedBodyHandler(backend));
        using var request = Request(new StreamContent(new MemoryStream(Body)), withBuffered: true);

        using var response = await client.SendAsync(request, default);

        Assert.Equal(Body, backend.Body);
        Assert.Equal("application/json", backend.ContentType);
        Assert.Equal(Body.Length, backend.ContentLength);
        Assert.IsType<BufferedBodyContent>(backend.Content);
    }

    [Fact]
    public async Task SendAsync_NoBufferedBody_ContentLeftAsIs()
    {
        var backend = new CapturingHandler();
        using var client = new HttpMessageInvoker(new BufferedBodyHandler(backend));
        using var streamed = new StreamContent(new MemoryStream(Body));
        using var request = Request(streamed, withBuffered: false);

        using var response = await client.SendAsync(request, default);

        Assert.Same(streamed, backend.Content);
    }

    [Fact]
    public async Task Content_SerializedTwice_SecondAttemptFailsSoTheBackendNeverGetsTheEventTwice()
    {
        using var content = new BufferedBodyContent(Body);
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        await content.CopyToAsync(first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => content.CopyToAsync(second));

        Assert.True(content.Started);
        Assert.True(content.Sent.IsCompletedSuccessfully);
        Assert.Equal(Body, first.ToArray());
        Assert.Empty(second.ToArray());
    }

    [Fact]
    public void Content_NotSent_NotStartedAndSentPending()
    {
        using var content = new BufferedBodyContent(Body);

        Assert.False(content.Started);
        Assert.False(content.Sent.IsCompleted);
    }

    private static HttpRequestMessage Request(HttpContent streamed, bool withBuffered)
    {
        streamed.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        streamed.Headers.ContentLength = Body.Length;
        var request = new HttpRequestMessage(HttpMethod.Post, "http://backend.invalid/hooks") { Content = streamed };
        if (withBuffered)
        {
            request.Options.Set(BufferedBodyContent.OptionKey, new BufferedBodyContent(Body));
        }

        return request;
    }

    /// <summary>Stands for the connection: reads the request content as HttpClient's connection would write it.</summary>
    private sealed class CapturingHandler : HttpMessageHandler
    {
        public HttpContent? Content { get; private set; }

        public byte[]? Body { get; private set; }

        public string? ContentType { get; private set; }

        public long? ContentLength { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Content = request.Content;
            ContentType = request.Content?.Headers.ContentType?.MediaType;
            ContentLength = request.Content?.Headers.ContentLength;
            using var written = new MemoryStream();
            if (request.Content is not null)
            {
                await request.Content.CopyToAsync(written, cancellationToken);
            }

            Body = written.ToArray();
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}
