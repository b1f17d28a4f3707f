using System.Collections.Concurrent;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.Callbacks;

/// <summary>
/// The promises under faults, end to end: senders that retry until they get a 2xx, every event sent as two concurrent
/// copies to two gateway instances, a backend that fails one request in five, and Redis killed and restarted mid-run.
/// Every event must be accepted by the backend exactly once.
/// </summary>
public sealed class ChaosTests : IAsyncLifetime
{
    private const int Events = 60;
    private static readonly TimeSpan SenderDeadline = TimeSpan.FromSeconds(60);
    private readonly RedisServer _redis = new(durable: true); // production Redis keeps its data across a restart

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task RetryingSenders_RedisRestartAndFailingBackend_EveryEventAcceptedExactlyOnce()
    {
        await using var backend = await Backend.StartAsync();
        backend.FailureRate = 0.2;
        backend.Delay = TimeSpan.FromMilliseconds(20);
        var config = TestCallbacks.Config(backend.Address, _redis.ConnectionString, p => p["Dedup"]!["Lease"] = "00:00:10");
        await using var first = await GatewayInstance.StartAsync(config);
        await using var second = await GatewayInstance.StartAsync((System.Text.Json.Nodes.JsonObject)config.DeepClone());
        var acknowledged = new ConcurrentDictionary<string, int>();
        var ids = Enumerable.Range(0, Events).Select(i => $"evt_chaos_{i}_{Guid.NewGuid():N}").ToArray();

        // Events start over two seconds, so some are claimed, some forwarded and some settling when Redis goes away.
        var senders = ids.SelectMany((id, i) => new[]
        {
            RetryingSender.SendUntilAcknowledgedAsync(first, id, i * 30, SenderDeadline, acknowledged),
            RetryingSender.SendUntilAcknowledgedAsync(second, id, i * 30, SenderDeadline, acknowledged),
        }).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(700));
        _redis.Stop();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await _redis.StartAsync();
        await Task.WhenAll(senders);

        Assert.All(ids, id => Assert.True(acknowledged.ContainsKey(id), $"{id} was never acknowledged: lost"));
        var accepted = backend.Received.Where(r => r.Accepted).GroupBy(r => r.Headers["X-Callback-Event-Id"]).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(ids, id => Assert.Equal(1, accepted.GetValueOrDefault(id)));
        Assert.Contains(backend.Received, r => !r.Accepted); // the backend did fail some, and their retries went through
    }
}
