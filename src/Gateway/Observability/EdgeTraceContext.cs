using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gateway.Observability;

/// <summary>
/// The gateway is a trust boundary, so every request starts a trace of its own here: a sender's <c>traceparent</c>,
/// <c>tracestate</c> and <c>baggage</c> are not continued (ASP.NET Core's default would be to continue them). Continuing
/// them would let a stranger choose the trace id the backend logs under (and so splice our spans into a trace of theirs or
/// of someone else's), force or suppress sampling with the flags, and hand the backend baggage and trace state it might act
/// on. A sender's <c>traceparent</c>, when it parses, is kept only as a link on the request's span, for whoever wants to
/// follow it to the sender's side. What reaches a backend is the gateway's own context only: the sender's headers are
/// stripped on every route, then the forwarder's client writes the current span's <c>traceparent</c>.
/// </summary>
internal static class EdgeTraceContext
{
    public const string TraceParent = "traceparent";

    /// <summary>Every header a .NET propagator reads or writes: W3C's, and the older <c>Request-Id</c> and <c>Correlation-Context</c>.</summary>
    public static readonly string[] Headers = [TraceParent, "tracestate", "baggage", "Request-Id", "Correlation-Context"];

    /// <summary>Whatever the tracing switch says: the backend must never get a sender's trace context.</summary>
    public static IServiceCollection AddEdgeTraceContext(this IServiceCollection services)
    {
        // ASP.NET Core's hosting reads the incoming context through the DI propagator; ours reads none, so the request's
        // activity (also the one kept for log scopes when tracing is off) is always a new root.
        services.Replace(ServiceDescriptor.Singleton<DistributedContextPropagator>(new NoExtraction(DistributedContextPropagator.Current)));

        // YARP copies request headers as they came; only when an activity is current does the client's handler replace the
        // trace headers with its own (and only those its propagator knows). Stripping them always closes both gaps.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITransformProvider, StripTransformProvider>());
        return services;
    }

    /// <summary>Links the request's span to the sender's context, when it sent a valid <c>traceparent</c> (its trace state is not kept).</summary>
    public static void LinkSenderContext(Activity activity, HttpRequest request)
    {
        if (request.Headers.TryGetValue(TraceParent, out var values) && values.Count == 1
            && ActivityContext.TryParse(values[0], traceState: null, isRemote: true, out var sender))
        {
            activity.AddLink(new ActivityLink(sender));
        }
    }

    /// <summary>Writes as the runtime's propagator does, and extracts nothing.</summary>
    private sealed class NoExtraction(DistributedContextPropagator inner) : DistributedContextPropagator
    {
        public override IReadOnlyCollection<string> Fields => inner.Fields;

        public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter) => inner.Inject(activity, carrier, setter);

        public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
        {
            traceId = null;
            traceState = null;
        }

        public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) => null;
    }

    /// <summary>On every route: the sender's trace headers never reach a backend.</summary>
    private sealed class StripTransformProvider : ITransformProvider
    {
        public void ValidateRoute(TransformRouteValidationContext context)
        {
        }

        public void ValidateCluster(TransformClusterValidationContext context)
        {
        }

        public void Apply(TransformBuilderContext context) => context.AddRequestTransform(Strip);

        private static ValueTask Strip(RequestTransformContext context)
        {
            var headers = context.ProxyRequest.Headers;
            foreach (var name in Headers)
            {
                headers.Remove(name);
            }

            return ValueTask.CompletedTask;
        }
    }
}
