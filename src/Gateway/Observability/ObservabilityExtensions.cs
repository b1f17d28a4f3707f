using System.Diagnostics.Tracing;
using Gateway.Configuration;
using Gateway.Deduplication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;
using Gateway.Model;

namespace Gateway.Observability;

/// <summary>Metrics and health: <c>/metrics</c>, <c>/healthz</c> (alive) and <c>/readyz</c> (not shutting down, config loaded, dedup store reachable).</summary>
internal static class ObservabilityExtensions
{
    public const string MetricsPath = "/metrics";
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";
    private const string ReadyTag = "ready";

    /// <summary>YARP's EventSource, whose counters (requests started, failed, in flight) are exported beside the defaults.</summary>
    private const string YarpEventSource = "Yarp.ReverseProxy";

    public static IServiceCollection AddGatewayObservability(this IServiceCollection services)
    {
        services.AddSingleton(_ =>
        {
            // Counters are published whatever the level; the adapter's default (Informational) also turns on every per-request
            // event of YARP, HttpClient and Kestrel, which cost about 5 µs of CPU per proxied request here (BENCHMARKS.md).
            Metrics.ConfigureEventCounterAdapter(options =>
            {
                options.EventSourceFilterPredicate = name => EventCounterAdapter.DefaultEventSourceFilterPredicate(name) || name == YarpEventSource;
                options.EventSourceSettingsProvider = _ => new EventCounterAdapterEventSourceSettings { MinimumLevel = EventLevel.Critical };
            });

            // Only instruments read at scrape time (the runtime's GC, CPU, memory and thread-pool gauges). The per-request ones
            // (ASP.NET Core's and HttpClient's duration histograms, routing counters) went through the adapter's label lookup on
            // every request: about a quarter of a proxied request's CPU. The EventCounters above carry the same request rates,
            // connections and failures, and the gateway's own series cover callbacks. The runtime's private meters are noise.
            Metrics.ConfigureMeterAdapter(options => options.InstrumentFilterPredicate =
                instrument => instrument.IsObservable && !instrument.Meter.Name.StartsWith("Private.", StringComparison.Ordinal));

            // The gateway's own series live in this instance's registry, so two gateways in one process (the tests) never
            // count into each other; the runtime, ASP.NET Core and YARP adapters are process-wide and stay in the default one.
            return new GatewayMetrics(new CollectorRegistry());
        });
        services.AddHostedService<MetricSeries>();
        services.AddSingleton<GracefulShutdown>();
        services.AddHostedService(sp => sp.GetRequiredService<GracefulShutdown>());
        services.AddHealthChecks()
            .AddCheck<GracefulShutdown>("shutdown", tags: [ReadyTag])
            .AddCheck<ConfigurationHealthCheck>("configuration", tags: [ReadyTag])
            .AddCheck<DedupStoreHealthCheck>("dedup-store", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapGatewayObservability(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false })
            .WithMetadata(ManagementEndpointMetadata.Instance);
        endpoints.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) })
            .WithMetadata(ManagementEndpointMetadata.Instance);
        endpoints.MapGet(MetricsPath, WriteMetricsAsync).WithMetadata(ManagementEndpointMetadata.Instance);
        return endpoints;
    }

    /// <summary>
    /// Serves the management endpoints on <c>Gateway:ManagementUrls</c> only, when it is set: they are added to the URLs Kestrel
    /// listens on, and <see cref="ManagementPortPolicy"/> keeps management and proxy endpoints each on their own ports.
    /// </summary>
    public static WebApplicationBuilder AddManagementListener(this WebApplicationBuilder builder)
    {
        var management = builder.Configuration[$"{GatewayOptions.SectionName}:{nameof(GatewayOptions.ManagementUrls)}"];
        var ports = ManagementUrls.Ports(management);
        if (ports.Length == 0)
        {
            return builder; // not configured, or invalid: the configuration's validation reports it
        }

        var proxy = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        if (string.IsNullOrWhiteSpace(proxy))
        {
            // What Kestrel would listen on without urls: ASPNETCORE_HTTP_PORTS, else its own default.
            var httpPorts = builder.Configuration["HTTP_PORTS"];
            proxy = string.IsNullOrWhiteSpace(httpPorts)
                ? "http://localhost:5000"
                : string.Join(';', httpPorts.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(port => $"http://*:{port.Trim()}"));
        }

        builder.WebHost.UseUrls([.. ManagementUrls.Split(proxy), .. ManagementUrls.Split(management)]);
        builder.Services.AddSingleton<MatcherPolicy>(new ManagementPortPolicy(ports));
        return builder;
    }

    /// <summary>The Prometheus text format: this instance's series, then the process-wide ones (distinct families, so one exposition).</summary>
    private static async Task WriteMetricsAsync(HttpContext context, GatewayMetrics metrics)
    {
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
    }

    private sealed class ConfigurationHealthCheck(CallbackSettingsMonitor monitor) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(HealthCheckResult.Healthy($"{monitor.Current.Policies.Count} callback policies loaded"));
    }

    private sealed class DedupStoreHealthCheck(IDedupStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await store.IsAvailableAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("the dedup store does not answer");
    }
}
