using Gateway.Callbacks;
using Gateway.Configuration;
using Gateway.Deduplication;
using Gateway.Model;
using Microsoft.Extensions.Primitives;
using Prometheus;
using Yarp.ReverseProxy.Model;

namespace Gateway.Observability;

/// <summary>
/// Puts the gateway's series in place at startup: the labelled ones for every route and policy in force, kept in step when
/// the routes or the policies change (so panels show 0, not "No data", and a removed route's series go away), and the ones
/// read at scrape time from the state that holds them (store reachable, settlements pending, bodies held, reloads).
/// </summary>
internal sealed class MetricSeries(
    GatewayMetrics metrics,
    CallbackSettingsMonitor settings,
    EndpointDataSource endpoints,
    IConfiguration configuration,
    IDedupStore store,
    ClaimLifecycle claims,
    BodyBudget budget) : IHostedService, IDisposable
{
    /// <summary>A scrape waits this long at most for the store's answer; a store that does not answer by then is down.</summary>
    private static readonly TimeSpan StoreProbeTimeout = TimeSpan.FromSeconds(1);

    private readonly List<IDisposable> _subscriptions = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // prometheus-net starts its runtime, ASP.NET Core and YARP adapters before the registry's first collection; one
        // collection now makes them listen from the first request on, not from the first scrape.
        await Metrics.DefaultRegistry.CollectAndExportAsTextAsync(Stream.Null, cancellationToken);

        metrics.TrackGauge(MetricNames.StoreUp, "1 when the dedup store answered a ping at this scrape, else 0.", ProbeStoreAsync);
        metrics.TrackGauge(MetricNames.SettleRetriesPending, "Settlements (mark done, release) retried in the background while the dedup store is unavailable.", () => claims.PendingRetries);
        metrics.TrackGauge(MetricNames.BufferedBodyBytes, "Bytes held by callback bodies being read, against Gateway:MaxBufferedBodyBytes.", () => budget.Reserved);
        metrics.TrackGauge(MetricNames.ConfigLastReloadSuccessful, "0 while the configuration as written is rejected (the last good one stays in force), else 1.", () => settings.LastChangeRejected ? 0 : 1);
        metrics.TrackCounter(MetricNames.ConfigReloads, "Configuration changes since startup, by result (applied, rejected).", "result", new Dictionary<string, Func<long>>
        {
            ["applied"] = () => settings.AppliedChanges,
            ["rejected"] = () => settings.RejectedChanges,
        });

        Keep();
        _subscriptions.Add(ChangeToken.OnChange(endpoints.GetChangeToken, Keep));
        _subscriptions.Add(ChangeToken.OnChange(configuration.GetReloadToken, () =>
        {
            settings.Refresh(); // idempotent: whichever listener runs first applies the change
            Keep();
        }));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _subscriptions.ForEach(subscription => subscription.Dispose());

    /// <summary>Every route YARP serves now (a callback route with its policy) and every policy loaded now.</summary>
    private void Keep()
    {
        var routes = new List<(string Route, string? Policy)>();
        foreach (var endpoint in endpoints.Endpoints)
        {
            if (endpoint.Metadata.GetMetadata<RouteModel>()?.Config is { } route)
            {
                routes.Add((route.RouteId, route.Metadata?.GetValueOrDefault(GatewayOptions.PolicyMetadataKey)));
            }
        }

        metrics.KeepSeries(routes, [.. settings.Current.Policies.Keys]);
    }

    private async Task<double> ProbeStoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await store.IsAvailableAsync(cancellationToken).WaitAsync(StoreProbeTimeout, cancellationToken) ? 1 : 0;
        }
        catch (TimeoutException)
        {
            return 0;
        }
    }
}
