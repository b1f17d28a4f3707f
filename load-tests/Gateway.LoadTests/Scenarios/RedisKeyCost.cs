using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.Scenarios;

/// <summary>Measures <see cref="RedisKeyMemory"/> once the callback-redis rows have written their keys.</summary>
internal static class RedisKeyCost
{
    private const int SampleSize = 1000;

    /// <summary>Measures the keys' cost; <paramref name="usedMemoryBefore"/> is Redis' <c>used_memory</c> before the gateway wrote any key.</summary>
    public static async Task<RedisKeyMemory> MeasureAsync(RedisServer redis, long usedMemoryBefore)
    {
        var keys = await redis.KeyCountAsync();
        var usedMemory = await redis.UsedMemoryAsync();
        var sample = (await redis.SampleKeyMemoryAsync($"{GatewayConfig.KeyPrefix}:*", SampleSize)).Order().ToList();
        return new RedisKeyMemory(
            keys,
            sample.Count,
            sample.Count == 0 ? 0 : sample[sample.Count / 2],
            keys == 0 ? 0 : (double)(usedMemory - usedMemoryBefore) / keys);
    }
}
