using Prometheus;

namespace Gateway.Observability;

/// <summary>The gateway's own Prometheus metrics (prefix <c>gateway_</c>, base units, labels from bounded sets only).</summary>
internal sealed class GatewayMetrics
{
    private static readonly double[] LatencyBuckets = Histogram.ExponentialBuckets(0.0001, 2, 16); // 0.1 ms … ~3.3 s

    private readonly Counter _callbacks;
    private readonly Histogram _verify;
    private readonly Histogram _store;
    private readonly Histogram _forward;
    private readonly Counter _dedupSkipped;
    private readonly Counter _settleFailures;

    public GatewayMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        var factory = Metrics.WithCustomRegistry(registry);
        _callbacks = factory.CreateCounter(
            "gateway_callbacks_total",
            "Callbacks handled on callback routes, by how they ended.",
            new CounterConfiguration { LabelNames = ["route", "policy", "outcome"] });
        _verify = factory.CreateHistogram(
            "gateway_verification_duration_seconds",
            "Time spent verifying a callback's signature.",
            new HistogramConfiguration { LabelNames = ["policy"], Buckets = LatencyBuckets });
        _store = factory.CreateHistogram(
            "gateway_dedup_store_duration_seconds",
            "Round trips to the dedup store, by operation.",
            new HistogramConfiguration { LabelNames = ["operation"], Buckets = LatencyBuckets });
        _forward = factory.CreateHistogram(
            "gateway_callback_forward_duration_seconds",
            "Time from handing a verified callback to the proxy until the backend's answer is settled.",
            new HistogramConfiguration { LabelNames = ["policy"], Buckets = LatencyBuckets });
        _dedupSkipped = factory.CreateCounter(
            "gateway_dedup_skipped_total",
            "Callbacks forwarded without deduplication because the store was unavailable (ForwardWithoutDedup).",
            new CounterConfiguration { LabelNames = ["policy"] });
        _settleFailures = factory.CreateCounter(
            "gateway_dedup_settle_failures_total",
            "Claims that could not be marked done or released; they expire with their lease.",
            new CounterConfiguration { LabelNames = ["operation"] });
    }

    public CollectorRegistry Registry { get; }

    public void Count(string route, string policy, CallbackOutcome outcome) =>
        _callbacks.WithLabels(route, policy, outcome.Label()).Inc();

    public void ObserveVerification(string policy, TimeSpan elapsed) => _verify.WithLabels(policy).Observe(elapsed.TotalSeconds);

    public void ObserveStore(string operation, TimeSpan elapsed) => _store.WithLabels(operation).Observe(elapsed.TotalSeconds);

    public void ObserveForward(string policy, TimeSpan elapsed) => _forward.WithLabels(policy).Observe(elapsed.TotalSeconds);

    public void DedupSkipped(string policy) => _dedupSkipped.WithLabels(policy).Inc();

    public void SettleFailed(string operation) => _settleFailures.WithLabels(operation).Inc();

    /// <summary>Exports the bytes held by callback bodies being read, read at each scrape (nothing on the request path).</summary>
    public void TrackBufferedBodyBytes(Func<long> reserved)
    {
        var gauge = Metrics.WithCustomRegistry(Registry).CreateGauge(
            "gateway_buffered_body_bytes",
            "Bytes held by callback bodies being read, against Gateway:MaxBufferedBodyBytes.");
        Registry.AddBeforeCollectCallback(() => gauge.Set(reserved()));
    }
}
