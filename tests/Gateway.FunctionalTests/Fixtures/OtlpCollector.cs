using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Fixtures;

/// <summary>
/// The receiving end of OTLP/HTTP with protobuf on a real Kestrel on 127.0.0.1: it keeps each export request's body
/// (<c>POST /v1/traces</c>) and answers with an empty <c>ExportTraceServiceResponse</c>, as a collector that took every span.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    public const string TracesPath = "/v1/traces";
    public const string ProtobufContentType = "application/x-protobuf";

    private WebApplication? _app;

    /// <summary>The bodies of the export requests received, in order.</summary>
    public ConcurrentQueue<byte[]> Exports { get; } = new();

    /// <summary>The value for <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, without a trailing slash (the exporter appends the signal's path).</summary>
    public string Endpoint { get; private set; } = string.Empty;

    public static async Task<OtlpCollector> StartAsync()
    {
        var collector = new OtlpCollector();
        (collector._app, var address) = await LoopbackApp.StartAsync(collector.HandleAsync);
        collector.Endpoint = address.TrimEnd('/');
        return collector;
    }

    public ValueTask DisposeAsync() => LoopbackApp.StopAsync(_app);

    private async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != TracesPath
            || context.Request.ContentType != ProtobufContentType)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        Exports.Enqueue(body.ToArray());
        context.Response.ContentType = ProtobufContentType;
    }
}
