using Gateway.Configuration;
using Gateway.Deduplication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Prometheus;

namespace Gateway.Observability;

/// <summary>Metrics and health: <c>/metrics</c>, <c>/healthz</c> (alive) and <c>/readyz</c> (config loaded, dedup store reachable).</summary>
public static class ObservabilityExtensions
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
            Metrics.ConfigureEventCounterAdapter(options => options.EventSourceFilterPredicate =
                name => EventCounterAdapter.DefaultEventSourceFilterPredicate(name) || name == YarpEventSource);

            // The runtime's private diagnostics meters (msquic internals) are noise for an HTTP gateway.
            Metrics.ConfigureMeterAdapter(options => options.InstrumentFilterPredicate =
                instrument => !instrument.Meter.Name.StartsWith("Private.", StringComparison.Ordinal));
            return new GatewayMetrics(Metrics.DefaultRegistry);
        });
        services.AddHostedService<MetricsStartup>();
        services.AddHealthChecks()
            .AddCheck<ConfigurationHealthCheck>("configuration", tags: [ReadyTag])
            .AddCheck<DedupStoreHealthCheck>("dedup-store", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapGatewayObservability(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivenessPath, new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks(ReadinessPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        endpoints.MapMetrics(MetricsPath);
        return endpoints;
    }

    /// <summary>
    /// prometheus-net starts its runtime, ASP.NET Core and YARP adapters before the registry's first collection;
    /// one collection at startup makes them listen from the first request on, not from the first scrape.
    /// </summary>
    private sealed class MetricsStartup(GatewayMetrics metrics) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            metrics.Registry.CollectAndExportAsTextAsync(Stream.Null, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
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
