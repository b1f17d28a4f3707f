using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gateway.Observability;

/// <summary>
/// OpenTelemetry traces, exported by OTLP: on when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or its traces-only form) is set,
/// off otherwise, with no tracer provider and nothing listening. The exporter reads the other standard <c>OTEL_*</c>
/// settings itself (protocol, headers, timeouts, batch delays), from the same configuration: environment or arguments.
/// </summary>
internal static class TracingExtensions
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string OtlpTracesEndpointKey = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    public const string ServiceNameKey = "OTEL_SERVICE_NAME";
    public const string DefaultServiceName = "callback-gateway";

    public static bool IsTracingOn(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]) || !string.IsNullOrWhiteSpace(configuration[OtlpTracesEndpointKey]);

    public static IServiceCollection AddGatewayTracing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEdgeTraceContext();
        if (!IsTracingOn(configuration))
        {
            return services;
        }

        // OpenTelemetry's ASP.NET Core instrumentation extracts the sender's context once more with this process-wide
        // propagator, unless it is the plain W3C one, and would then continue the sender's trace in a span of its own. An
        // empty composite extracts nothing (and injects nothing: the forwarder's client writes the headers, not OpenTelemetry).
        Sdk.SetDefaultTextMapPropagator(new CompositeTextMapPropagator([]));

        var serviceName = configuration[ServiceNameKey];
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(string.IsNullOrWhiteSpace(serviceName) ? DefaultServiceName : serviceName))
            .WithTracing(tracing => tracing
                .AddSource(GatewayTracing.SourceName, GatewayTracing.HttpClientSourceName)
                .AddAspNetCoreInstrumentation(options => options.EnrichWithHttpRequest = EdgeTraceContext.LinkSenderContext)
                .AddOtlpExporter());
        return services;
    }
}
