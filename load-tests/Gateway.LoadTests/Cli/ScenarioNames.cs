namespace Gateway.LoadTests.Cli;

/// <summary>The scenarios by the names the command line takes, in the order a run goes through them.</summary>
internal static class ScenarioNames
{
    public const string Plain = "plain";
    public const string PlainPost = "plain-post";
    public const string CallbackMemory = "callback-memory";
    public const string CallbackRedis = "callback-redis";
    public const string NginxDirect = "nginx-direct";
    public const string NginxProxy = "nginx-proxy";
    public const string Latency = "latency";
    public const string DuplicateStorm = "duplicate-storm";
    public const string RetryStorm = "retry-storm";
    public const string Soak = "soak";
    public const string MemoryStore = "memory-store";

    /// <summary>The rows of the closed-model comparison, measured side by side.</summary>
    public static IReadOnlyList<string> Saturation { get; } = [Plain, PlainPost, CallbackMemory, CallbackRedis, NginxDirect, NginxProxy];

    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>
    {
        [Plain] = "wrk at saturation: GET through the gateway's plain YARP route",
        [PlainPost] = "wrk at saturation: the callbacks' signed POST bodies through the plain YARP route (proxying the same bytes, no callback steps)",
        [CallbackMemory] = "wrk at saturation: unique signed callbacks, in-memory dedup store",
        [CallbackRedis] = "wrk at saturation: unique signed callbacks, Redis dedup store; then Redis bytes per key",
        [NginxDirect] = "wrk at saturation: straight to the backend nginx (reference)",
        [NginxProxy] = "wrk at saturation: through an nginx reverse proxy with keep-alive upstream (reference)",
        [Latency] = "open model at half the plain route's maximum: plain and both callback stores, p99 compared",
        [DuplicateStorm] = "every event as 5 concurrent copies through 2 gateways sharing Redis, senders retrying",
        [RetryStorm] = "the backend fails 20% of first deliveries; senders retry with backoff until accepted",
        [Soak] = "steady open-model callbacks through the Redis store, the gateway's RSS sampled every second",
        [MemoryStore] = "bytes the in-memory store keeps per delivered event (in-process, Gateway.Benchmarks)",
    };
}
