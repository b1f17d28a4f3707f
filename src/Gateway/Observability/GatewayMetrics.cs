using System.Collections.Concurrent;
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

    // Labelled children, looked up once per label set: prometheus-net's own lookup builds a label sequence and takes a lock
    // on every call, and a callback records five series.
    private readonly ConcurrentDictionary<(string Route, string Policy), Counter.Child[]> _callbacksByRoute = new();
    private readonly ConcurrentDictionary<string, Histogram.Child> _verifyByPolicy = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Histogram.Child> _forwardByPolicy = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Histogram.Child> _storeByOperation = new(StringComparer.Ordinal);

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

    /// <summary>Counts a callback's outcome. A route and policy's first callback creates its series for every outcome, at 0.</summary>
    public void Count(string route, string policy, CallbackOutcome outcome) =>
        _callbacksByRoute.GetOrAdd((route, policy), static (labels, counter) =>
            [.. Enum.GetValues<CallbackOutcome>().Select(each => counter.WithLabels(labels.Route, labels.Policy, each.Label()))], _callbacks)
            [(int)outcome].Inc();

    public void ObserveVerification(string policy, TimeSpan elapsed) => Child(_verifyByPolicy, _verify, policy).Observe(elapsed.TotalSeconds);

    public void ObserveStore(string operation, TimeSpan elapsed) => Child(_storeByOperation, _store, operation).Observe(elapsed.TotalSeconds);

    public void ObserveForward(string policy, TimeSpan elapsed) => Child(_forwardByPolicy, _forward, policy).Observe(elapsed.TotalSeconds);

    public void DedupSkipped(string policy) => _dedupSkipped.WithLabels(policy).Inc();

    public void SettleFailed(string operation) => _settleFailures.WithLabels(operation).Inc();

    private static Histogram.Child Child(ConcurrentDictionary<string, Histogram.Child> children, Histogram histogram, string label) =>
        children.GetOrAdd(label, static (value, parent) => parent.WithLabels(value), histogram);

    /// <summary>Exports the bytes held by callback bodies being read, read at each scrape (nothing on the request path).</summary>
    public void TrackBufferedBodyBytes(Func<long> reserved)
    {
        var gauge = Metrics.WithCustomRegistry(Registry).CreateGauge(
            "gateway_buffered_body_bytes",
            "Bytes held by callback bodies being read, against Gateway:MaxBufferedBodyBytes.");
        Registry.AddBeforeCollectCallback(() => gauge.Set(reserved()));
    }
}
