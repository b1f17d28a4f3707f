using System.Diagnostics;
using System.Net;
using System.Text;
using Gateway.Observability;
using Gateway.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Gateway.Tests.Observability;

/// <summary>
/// Traces with OTLP switched on (exported to a real OTLP/HTTP endpoint on 127.0.0.1) and the in-memory exporter beside it:
/// the span tree of one callback through the real gateway to a real backend, the context the backend receives, and what
/// becomes of a sender's own trace context; and with OTLP off, no tracer provider and still none of the sender's context.
/// </summary>
public sealed class TracingTests : IAsyncLifetime
{
    private const string RequestSource = "Microsoft.AspNetCore";

    private readonly SpanCollection _spans = new();
    private Backend? _backend;
    private OtlpCollector? _collector;

    private Backend Backend => _backend!;

    private OtlpCollector Collector => _collector!;

    public async Task InitializeAsync()
    {
        _backend = await Backend.StartAsync();
        _collector = await OtlpCollector.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Collector.DisposeAsync();
        await Backend.DisposeAsync();
    }

    [Fact]
    public async Task Post_SignedCallback_SpanTreeUnderRequestSpan()
    {
        await using var gateway = await StartGatewayAsync(Backend.Address);
        var id = NewEventId();

        var response = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody(id)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var trace = await TraceOfAsync(id);
        var request = GatewayRequest(trace);
        Assert.Equal(ActivityKind.Server, request.Kind);
        AssertTags(request, (GatewayTracing.RouteAttribute, TestCallbacks.Policy), (GatewayTracing.PolicyAttribute, TestCallbacks.Policy), (GatewayTracing.OutcomeAttribute, "forwarded"));

        var verify = ChildOf(trace, request, GatewayTracing.VerifySpan);
        AssertTags(verify, (GatewayTracing.RouteAttribute, TestCallbacks.Policy), (GatewayTracing.PolicyAttribute, TestCallbacks.Policy));
        Assert.Null(verify.GetTagItem(GatewayTracing.OutcomeAttribute));

        var claim = ChildOf(trace, request, GatewayTracing.ClaimSpan);
        AssertTags(claim, (GatewayTracing.PolicyAttribute, TestCallbacks.Policy), (GatewayTracing.EventIdAttribute, id),
            (GatewayTracing.StoreOperationAttribute, "claim"), (GatewayTracing.ClaimDecisionAttribute, "claimed"));

        var forward = ChildOf(trace, request, GatewayTracing.ForwardSpan);
        AssertTags(forward, (GatewayTracing.RouteAttribute, TestCallbacks.Policy), (GatewayTracing.EventIdAttribute, id), (GatewayTracing.OutcomeAttribute, "forwarded"));

        var client = Assert.Single(trace, span => span.Source.Name == GatewayTracing.HttpClientSourceName);
        Assert.Equal(forward.SpanId, client.ParentSpanId);
        Assert.Equal(ActivityKind.Client, client.Kind);

        // Settled in OnStarting, before the backend's answer leaves the forward: so under it, once the client span has ended.
        var settle = ChildOf(trace, forward, GatewayTracing.SettleSpan);
        AssertTags(settle, (GatewayTracing.PolicyAttribute, TestCallbacks.Policy), (GatewayTracing.StoreOperationAttribute, "mark_done"));
        Assert.True(settle.StartTimeUtc >= client.StartTimeUtc + client.Duration);

        // The backend (ASP.NET Core too, in this process) continues the trace it was given: its span is under the client's.
        var backend = Assert.Single(trace, span => span.Source.Name == RequestSource && span != request);
        Assert.Equal(client.SpanId, backend.ParentSpanId);
        Assert.Equal(7, trace.Count);
        Assert.All(trace, span => Assert.NotEqual(ActivityStatusCode.Error, span.Status));
    }

    [Fact]
    public async Task Post_SignedCallback_NoSpanCarriesSecretSignatureOrBody()
    {
        await using var gateway = await StartGatewayAsync(Backend.Address);
        var id = NewEventId();
        var body = TestCallbacks.NewBody(id);
        var request = TestCallbacks.SignedRequest(body);
        var signature = request.Headers.GetValues("X-Signature").Single();

        await gateway.Client.SendAsync(request);

        var received = Assert.Single(Backend.Received);
        string[] forbidden = [TestCallbacks.Secret, TestCallbacks.GatewayKey, signature, signature["sha256=".Length..], body,
            received.Headers["X-Callback-Gateway-Signature"]];
        var values = (await TraceOfAsync(id)).SelectMany(span => span.TagObjects).Select(tag => tag.Value?.ToString() ?? string.Empty).ToList();
        Assert.NotEmpty(values);
        Assert.All(values, value => Assert.DoesNotContain(forbidden, secret => value.Contains(secret, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Post_SignedCallback_BackendReceivesTraceparentOfTheGatewaysTrace()
    {
        await using var gateway = await StartGatewayAsync(Backend.Address);
        var id = NewEventId();

        await gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody(id)));

        var received = Assert.Single(Backend.Received);
        var trace = await TraceOfAsync(id);
        var request = GatewayRequest(trace);
        var client = Assert.Single(trace, span => span.Source.Name == GatewayTracing.HttpClientSourceName);
        Assert.True(ActivityContext.TryParse(received.Headers["traceparent"], null, out var context));
        Assert.Equal(request.TraceId, context.TraceId);
        Assert.Equal(client.SpanId, context.SpanId);
    }

    [Fact]
    public async Task Post_WithSendersTraceContext_NewRootLinkedToItAndNothingOfItForwarded()
    {
        await using var gateway = await StartGatewayAsync(Backend.Address);
        var id = NewEventId();
        var (message, sender) = WithSendersTraceContext(TestCallbacks.SignedRequest(TestCallbacks.NewBody(id)));

        var response = await gateway.Client.SendAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var trace = await TraceOfAsync(id);
        var request = GatewayRequest(trace);
        Assert.NotEqual(sender.TraceId, request.TraceId);
        Assert.Null(request.TraceStateString);
        Assert.Empty(request.Baggage);
        var link = Assert.Single(request.Links);
        Assert.Equal((sender.TraceId, sender.SpanId, (string?)null), (link.Context.TraceId, link.Context.SpanId, link.Context.TraceState));

        var received = Assert.Single(Backend.Received);
        Assert.Equal(request.TraceId, AssertNoSendersContext(received, sender).TraceId);
    }

    [Theory]
    [InlineData("backend", HttpStatusCode.BadGateway, GatewayTracing.ForwardSpan, "backend_unreachable")]
    [InlineData("store", HttpStatusCode.ServiceUnavailable, GatewayTracing.ClaimSpan, "store_unavailable")]
    public async Task Post_GatewaysSideFails_ItsSpanIsAnError(string down, HttpStatusCode expected, string failingSpan, string outcome)
    {
        var nothing = $"127.0.0.1:{RedisServer.FreePort()}";
        await using var gateway = await StartGatewayAsync(down == "backend" ? $"http://{nothing}/" : Backend.Address, down == "store" ? nothing : null);
        var id = NewEventId();

        var response = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody(id)));

        Assert.Equal(expected, response.StatusCode);
        var trace = await TraceOfAsync(id);
        var span = Assert.Single(trace, span => span.OperationName == failingSpan);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        AssertTags(span, (GatewayTracing.ErrorTypeAttribute, outcome));
        AssertTags(GatewayRequest(trace), (GatewayTracing.OutcomeAttribute, outcome));
        Assert.Single(trace, span => span.Status == ActivityStatusCode.Error && span.Source.Name == GatewayTracing.SourceName);
    }

    [Fact]
    public async Task Post_InvalidSignature_VerifySpanHasTheOutcomeAndIsNoError()
    {
        await using var gateway = await StartGatewayAsync(Backend.Address);
        var id = NewEventId();

        var response = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody(id), secret: "attacker-guess"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // No event id before verification: the request's span is found by the gateway's port, which no other test's has.
        var port = gateway.Client.BaseAddress!.Port;
        var trace = await _spans.TraceAsync(span => span.Source.Name == RequestSource && span.ParentSpanId == default && Equals(span.GetTagItem("server.port"), port));
        var request = GatewayRequest(trace);
        AssertTags(request, (GatewayTracing.OutcomeAttribute, "invalid_signature"));
        var verify = ChildOf(trace, request, GatewayTracing.VerifySpan);
        AssertTags(verify, (GatewayTracing.OutcomeAttribute, "invalid_signature"));
        Assert.Equal(ActivityStatusCode.Unset, verify.Status);
        Assert.Empty(Backend.Received);
    }

    [Fact]
    public async Task Post_SignedCallback_ExportedOverOtlpHttp()
    {
        await using var gateway = await StartGatewayAsync(Backend.Address);
        var id = NewEventId();

        await gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody(id)));

        // Protobuf writes strings as their UTF-8 bytes: the span names and the event id appear as they are. The request's
        // spans can end in different export batches, so the batches are read together once the one with the event id came.
        var exported = await ExportedAsync(id, GatewayTracing.ForwardSpan);
        Assert.True(exported.AsSpan().IndexOf(Encoding.UTF8.GetBytes(GatewayTracing.ForwardSpan)) >= 0);
        Assert.True(exported.AsSpan().IndexOf(Encoding.UTF8.GetBytes(TracingExtensions.DefaultServiceName)) >= 0);
    }

    [Fact]
    public async Task Post_WithoutOtlpEndpoint_NoTracerProviderAndCallbackForwarded()
    {
        await using var gateway = await GatewayInstance.StartAsync(TestCallbacks.Config(Backend.Address));

        var response = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()));

        Assert.Null(gateway.Services.GetService<TracerProvider>());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Backend.Received);
    }

    [Fact]
    public async Task Post_WithSendersTraceContextAndTracingOff_BackendGetsNoneOfIt()
    {
        await using var gateway = await GatewayInstance.StartAsync(TestCallbacks.Config(Backend.Address));
        var (message, sender) = WithSendersTraceContext(TestCallbacks.SignedRequest(TestCallbacks.NewBody()));

        var response = await gateway.Client.SendAsync(message);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Backend.Received);
        AssertNoSendersContext(received, sender);
    }

    private Task<GatewayInstance> StartGatewayAsync(string backendAddress, string? redis = null) =>
        GatewayInstance.StartAsync(
            TestCallbacks.Config(backendAddress, redis),
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans)),
            $"--{TracingExtensions.OtlpEndpointKey}={Collector.Endpoint}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--OTEL_BSP_SCHEDULE_DELAY=50");

    /// <summary>Unique per test: the in-memory exporter also sees other tests' gateways, so a trace is found by its event id.</summary>
    private static string NewEventId() => "evt_trace_" + Guid.NewGuid().ToString("N");

    private async Task<IReadOnlyList<Activity>> TraceOfAsync(string eventId)
    {
        var trace = await _spans.TraceAsync(span => Equals(span.GetTagItem(GatewayTracing.EventIdAttribute), eventId));
        Assert.NotEmpty(trace);
        return trace;
    }

    private async Task<byte[]> ExportedAsync(string eventId, string? alsoWanted = null)
    {
        var wanted = Encoding.UTF8.GetBytes(eventId);
        var also = Encoding.UTF8.GetBytes(alsoWanted ?? eventId);
        for (var i = 0; i < 200; i++)
        {
            if (Collector.Exports.FirstOrDefault(export => export.AsSpan().IndexOf(wanted) >= 0) is { } export)
            {
                var all = Collector.Exports.SelectMany(e => e).ToArray();
                if (export.AsSpan().IndexOf(also) >= 0 || all.AsSpan().IndexOf(also) >= 0)
                {
                    return export.AsSpan().IndexOf(also) >= 0 ? export : all;
                }
            }

            await Task.Delay(50);
        }

        Assert.Fail($"no OTLP export with {eventId} in {Collector.Exports.Count} received");
        return [];
    }

    /// <summary>Adds a sender's own trace context, in every header a .NET propagator reads.</summary>
    private static (HttpRequestMessage Message, ActivityContext Sender) WithSendersTraceContext(HttpRequestMessage message)
    {
        var sender = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        message.Headers.Add("traceparent", $"00-{sender.TraceId}-{sender.SpanId}-01");
        message.Headers.Add("tracestate", "sender=chosen");
        message.Headers.Add("baggage", "tenant=admin");
        message.Headers.Add("Request-Id", "|sender.1.");
        message.Headers.Add("Correlation-Context", "tenant=admin");
        return (message, sender);
    }

    /// <summary>The backend got a <c>traceparent</c> of a trace other than the sender's, and none of the sender's other headers.</summary>
    private static ActivityContext AssertNoSendersContext(ReceivedRequest received, ActivityContext sender)
    {
        Assert.DoesNotContain(received.Headers.Keys, name => name is "tracestate" or "baggage" or "Request-Id" or "Correlation-Context");
        Assert.True(ActivityContext.TryParse(received.Headers["traceparent"], null, out var forwarded));
        Assert.NotEqual(sender.TraceId, forwarded.TraceId);
        return forwarded;
    }

    /// <summary>The gateway's request span: the trace's root (the backend's own request span is further down).</summary>
    private static Activity GatewayRequest(IReadOnlyList<Activity> trace) =>
        Assert.Single(trace, span => span.Source.Name == RequestSource && span.ParentSpanId == default);

    private static Activity ChildOf(IReadOnlyList<Activity> trace, Activity parent, string name)
    {
        var span = Assert.Single(trace, span => span.OperationName == name);
        Assert.Equal(parent.SpanId, span.ParentSpanId);
        Assert.Equal(GatewayTracing.SourceName, span.Source.Name);
        return span;
    }

    private static void AssertTags(Activity span, params (string Name, string Value)[] expected)
    {
        foreach (var (name, value) in expected)
        {
            Assert.Equal(value, span.GetTagItem(name));
        }
    }
}
