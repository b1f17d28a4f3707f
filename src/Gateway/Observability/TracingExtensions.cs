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
        if (!IsTracingOn(configuration))
        {
            return services;
        }

        var serviceName = configuration[ServiceNameKey];
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(string.IsNullOrWhiteSpace(serviceName) ? DefaultServiceName : serviceName))
            .WithTracing(tracing => tracing
                .AddSource(GatewayTracing.SourceName, GatewayTracing.HttpClientSourceName)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter());
        return services;
    }
}
