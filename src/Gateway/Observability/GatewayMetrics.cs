using System.Collections.Concurrent;
using Prometheus;

namespace Gateway.Observability;

/// <summary>
/// The gateway's own Prometheus metrics (prefix <c>gateway_</c>, base units, labels from bounded sets only). Every series that
/// configuration allows exists from startup at 0 (<see cref="KeepSeries"/>, kept in step by <see cref="MetricSeries"/>), so
/// a panel shows 0 rather than "No data" and an alert on a rate never waits for a first event.
/// </summary>
internal sealed class GatewayMetrics
{
    private static readonly double[] LatencyBuckets = Histogram.ExponentialBuckets(0.0001, 2, 16); // 0.1 ms … ~3.3 s
    private static readonly CallbackOutcome[] Outcomes = Enum.GetValues<CallbackOutcome>();
    private static readonly string[] StoreOperationNames = [StoreOperations.Claim, StoreOperations.MarkDone, StoreOperations.Release];
    private static readonly string[] SettleOperationNames = [StoreOperations.MarkDone, StoreOperations.Release];

    private readonly Counter _callbacks;
    private readonly Histogram _verify;
    private readonly Histogram _store;
    private readonly Histogram _forward;
    private readonly Counter _dedupSkipped;
    private readonly Counter _settleFailures;
    private readonly Lock _seriesLock = new();

    // Labelled children, looked up once per label set: prometheus-net's own lookup builds a label sequence and takes a lock
    // on every call, and a callback records five series. A route's array holds a child per outcome, filled as they are used.
    private readonly ConcurrentDictionary<(string Route, string Policy), Counter.Child?[]> _callbacksByRoute = new();
    private readonly ConcurrentDictionary<string, Histogram.Child> _verifyByPolicy = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Histogram.Child> _forwardByPolicy = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counter.Child> _skippedByPolicy = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Histogram.Child> _storeByOperation = new(StringComparer.Ordinal);

    public GatewayMetrics(CollectorRegistry registry)
    {
        Registry = registry;
        Factory = Metrics.WithCustomRegistry(registry);
        _callbacks = Factory.CreateCounter(
            MetricNames.Callbacks,
            "Callbacks handled on callback routes, by how they ended.",
            new CounterConfiguration { LabelNames = ["route", "policy", "outcome"] });
        _verify = Factory.CreateHistogram(
            MetricNames.VerificationDuration,
            "Time spent verifying a callback's signature.",
            new HistogramConfiguration { LabelNames = ["policy"], Buckets = LatencyBuckets });
        _store = Factory.CreateHistogram(
            MetricNames.StoreDuration,
            "Round trips to the dedup store, by operation.",
            new HistogramConfiguration { LabelNames = ["operation"], Buckets = LatencyBuckets });
        _forward = Factory.CreateHistogram(
            MetricNames.ForwardDuration,
            "Time from handing a verified callback to the proxy until the backend's answer is settled.",
            new HistogramConfiguration { LabelNames = ["policy"], Buckets = LatencyBuckets });
        _dedupSkipped = Factory.CreateCounter(
            MetricNames.DedupSkipped,
            "Callbacks forwarded without deduplication because the store was unavailable (ForwardWithoutDedup).",
            new CounterConfiguration { LabelNames = ["policy"] });
        _settleFailures = Factory.CreateCounter(
            MetricNames.SettleFailures,
            "Claims that could not be marked done or released; they expire with their lease.",
            new CounterConfiguration { LabelNames = ["operation"] });

        // Fixed label sets: there from the start.
        foreach (var operation in StoreOperationNames)
        {
            Child(_storeByOperation, _store, operation);
        }

        foreach (var operation in SettleOperationNames)
        {
            _settleFailures.WithLabels(operation);
        }
    }

    public CollectorRegistry Registry { get; }

    /// <summary>For the series whose values are read at scrape time.</summary>
    private MetricFactory Factory { get; }

    /// <summary>Counts a callback's outcome.</summary>
    public void Count(string route, string policy, CallbackOutcome outcome)
    {
        var children = _callbacksByRoute.GetOrAdd((route, policy), static _ => new Counter.Child?[Outcomes.Length]);

        // A benign race: two threads may both look the child up, and prometheus-net hands both the same one.
        (children[(int)outcome] ??= _callbacks.WithLabels(route, policy, outcome.Label())).Inc();
    }

    public void ObserveVerification(string policy, TimeSpan elapsed) => Child(_verifyByPolicy, _verify, policy).Observe(elapsed.TotalSeconds);

    public void ObserveStore(string operation, TimeSpan elapsed) => Child(_storeByOperation, _store, operation).Observe(elapsed.TotalSeconds);

    public void ObserveForward(string policy, TimeSpan elapsed) => Child(_forwardByPolicy, _forward, policy).Observe(elapsed.TotalSeconds);

    public void DedupSkipped(string policy) => Child(_skippedByPolicy, _dedupSkipped, policy).Inc();

    public void SettleFailed(string operation) => _settleFailures.WithLabels(operation).Inc();

    /// <summary>
    /// Makes the configured label sets exist at 0 and removes the ones configuration no longer allows: every outcome of each
    /// callback route; <c>forged_header</c>, the only outcome possible there, of every other route and of requests that
    /// matched none (route ""); the per-policy series of every policy. A series created by a late request of an old
    /// configuration stays until the next change.
    /// </summary>
    public void KeepSeries(IReadOnlyCollection<(string Route, string? Policy)> routes, IReadOnlyCollection<string> policies)
    {
        lock (_seriesLock)
        {
            var wanted = new Dictionary<(string Route, string Policy), bool>();
            wanted[(string.Empty, string.Empty)] = false;
            foreach (var (route, policy) in routes)
            {
                wanted[(route, policy ?? string.Empty)] = policy is not null;
            }

            foreach (var (labels, children) in _callbacksByRoute)
            {
                if (!wanted.ContainsKey(labels) && _callbacksByRoute.TryRemove(labels, out _))
                {
                    foreach (var outcome in Outcomes.Where(outcome => children[(int)outcome] is not null))
                    {
                        _callbacks.RemoveLabelled(labels.Route, labels.Policy, outcome.Label());
                    }
                }
            }

            foreach (var ((route, policy), isCallbackRoute) in wanted)
            {
                foreach (var outcome in isCallbackRoute ? Outcomes : [CallbackOutcome.ForgedHeader])
                {
                    var children = _callbacksByRoute.GetOrAdd((route, policy), static _ => new Counter.Child?[Outcomes.Length]);
                    children[(int)outcome] ??= _callbacks.WithLabels(route, policy, outcome.Label());
                }
            }

            var policySet = policies.ToHashSet(StringComparer.Ordinal);
            KeepPolicies(_verifyByPolicy, _verify, policySet);
            KeepPolicies(_forwardByPolicy, _forward, policySet);
            KeepPolicies(_skippedByPolicy, _dedupSkipped, policySet);
        }
    }

    /// <summary>A gauge whose value is read at each scrape (nothing on the request path).</summary>
    public void TrackGauge(string name, string help, Func<double> read)
    {
        var gauge = Factory.CreateGauge(name, help);
        Registry.AddBeforeCollectCallback(() => gauge.Set(read()));
    }

    /// <summary>A gauge whose value is read asynchronously at each scrape, such as a round trip to the dedup store.</summary>
    public void TrackGauge(string name, string help, Func<CancellationToken, Task<double>> read)
    {
        var gauge = Factory.CreateGauge(name, help);
        Registry.AddBeforeCollectCallback(async cancel => gauge.Set(await read(cancel)));
    }

    /// <summary>A counter whose value is kept elsewhere and read at each scrape, by label.</summary>
    public void TrackCounter(string name, string help, string labelName, IReadOnlyDictionary<string, Func<long>> read)
    {
        var counter = Factory.CreateCounter(name, help, new CounterConfiguration { LabelNames = [labelName] });
        var children = read.ToDictionary(each => each.Key, each => counter.WithLabels(each.Key), StringComparer.Ordinal);
        Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var (label, value) in read)
            {
                children[label].IncTo(value());
            }
        });
    }

    private static void KeepPolicies<TChild>(ConcurrentDictionary<string, TChild> children, Collector<TChild> parent, HashSet<string> policies)
        where TChild : ChildBase
    {
        foreach (var policy in children.Keys.Where(policy => !policies.Contains(policy)))
        {
            if (children.TryRemove(policy, out _))
            {
                parent.RemoveLabelled(policy);
            }
        }

        foreach (var policy in policies)
        {
            children.GetOrAdd(policy, static (value, collector) => collector.WithLabels(value), parent);
        }
    }

    private static TChild Child<TChild>(ConcurrentDictionary<string, TChild> children, Collector<TChild> parent, string label)
        where TChild : ChildBase =>
        children.GetOrAdd(label, static (value, collector) => collector.WithLabels(value), parent);
}
