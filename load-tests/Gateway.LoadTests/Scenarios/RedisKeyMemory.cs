namespace Gateway.LoadTests.Scenarios;

/// <summary>
/// What the gateway's dedup keys cost Redis: MEMORY USAGE of a sample of its keys (median), and the growth of
/// <c>used_memory</c> over the callback-redis rows divided by the keys they left.
/// </summary>
internal sealed record RedisKeyMemory(long Keys, int Sampled, long MedianMemoryUsageBytes, double UsedMemoryPerKeyBytes);
