using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Fixtures;

/// <summary>A real Kestrel backend on 127.0.0.1 that records every request it receives and answers as told.</summary>
public sealed class Backend : IAsyncDisposable
{
    private WebApplication? _app;

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    /// <summary>The status code for the next requests (default 200).</summary>
    public int Status { get; set; } = StatusCodes.Status200OK;

    /// <summary>The share of requests (0 to 1) answered 500 instead of <see cref="Status"/>, at random.</summary>
    public double FailureRate { get; set; }

    /// <summary>How long the backend takes to answer.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    public string Address { get; private set; } = string.Empty;

    public static async Task<Backend> StartAsync(int port = 0)
    {
        var backend = new Backend();
        (backend._app, backend.Address) = await LoopbackApp.StartAsync(backend.HandleAsync, port);
        return backend;
    }

    public ValueTask DisposeAsync() => LoopbackApp.StopAsync(_app);

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var status = FailureRate > 0 && Random.Shared.NextDouble() < FailureRate ? StatusCodes.Status500InternalServerError : Status;
        Received.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body.ToArray(), status));
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay);
        }

        context.Response.StatusCode = status;
        await context.Response.WriteAsync("backend");
    }
}

/// <summary>One request as the backend saw it.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body, int Status)
{
    public bool Accepted => Status is >= 200 and < 300;
}
