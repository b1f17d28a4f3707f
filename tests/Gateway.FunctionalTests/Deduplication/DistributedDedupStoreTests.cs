using Gateway.Configuration;
using Gateway.Deduplication;
using Gateway.Tests.Fixtures;
using StackExchange.Redis;

namespace Gateway.Tests.Deduplication;

/// <summary>The store contract on Redis's distributed deployments, with each durability: the same promises hold.</summary>
public abstract class DistributedDedupStoreTests : DedupStoreContractTests, IAsyncLifetime
{
    private ConnectionMultiplexer? _connection;

    private protected override IDedupStore Store => new RedisDedupStore(RedisConnection.Of(_connection!), Options);

    private protected ConnectionMultiplexer Connection => _connection!;

    private protected abstract string ConnectionString { get; }

    private protected virtual DedupStoreOptions Options => new();

    // A long wait for replicas: on this loaded 2-core machine a replica is at times not scheduled within the default 250 ms.
    public async Task InitializeAsync() =>
        _connection = await ConnectionMultiplexer.ConnectAsync(RedisDedupStore.ParseOptions(ConnectionString + ",asyncTimeout=5000"));

    public async Task DisposeAsync() => await _connection!.DisposeAsync();

    protected override Task PassAsync(TimeSpan duration) => Task.Delay(duration);

    private protected static DedupStoreOptions Replicated => new()
    {
        Durability = DedupDurability.Replicated, Replicas = 1, ReplicationTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>
    /// Claims and marks done many events, then reads each from a replica at once: with Replicated durability every one is
    /// there already, as the primaries' WAIT count shows it was waited for.
    /// </summary>
    private protected async Task AssertReplicaHasEveryWriteAsync(IEnumerable<RedisServer> primaries)
    {
        var waitsBefore = await WaitCallsAsync(primaries);
        var keys = Enumerable.Range(0, 40).Select(i => $"replicated:{Guid.NewGuid():N}:{i}").ToArray();

        foreach (var key in keys)
        {
            Assert.Equal(ClaimResult.Claimed, await Store.TryClaimAsync(key, "a", Retention, default));
            Assert.Equal("a", (string?)await Connection.GetDatabase().StringGetAsync(key, CommandFlags.DemandReplica));
            Assert.True(await Store.MarkDoneAsync(key, "a", Retention, default));
            Assert.Equal("done:a", (string?)await Connection.GetDatabase().StringGetAsync(key, CommandFlags.DemandReplica));
        }

        Assert.True(await WaitCallsAsync(primaries) - waitsBefore >= 2 * keys.Length, "every claim and done mark is waited for");
    }

    private static async Task<long> WaitCallsAsync(IEnumerable<RedisServer> primaries)
    {
        long calls = 0;
        foreach (var primary in primaries)
        {
            var stats = await primary.CliAsync("INFO", "commandstats");
            var line = stats.Split('\n').FirstOrDefault(l => l.StartsWith("cmdstat_wait:", StringComparison.Ordinal));
            calls += line is null ? 0 : long.Parse(line.Split(',')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        }

        return calls;
    }
}

[Collection(RedisClusterGroup.Name)]
public class RedisClusterDedupStoreTests(RedisCluster cluster) : DistributedDedupStoreTests
{
    private protected RedisCluster Cluster => cluster;

    private protected override string ConnectionString => cluster.ConnectionString;

    [Fact]
    public async Task TryClaim_ManyKeys_SpreadOverEveryPrimary()
    {
        // Keys carry no hash tag, so the events of one policy spread over every shard, and each command reaches its slot's owner.
        var prefix = "spread:" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 60; i++)
        {
            Assert.Equal(ClaimResult.Claimed, await Store.TryClaimAsync(DedupKeys.For(prefix, "policy", $"event-{i}"), "a", Retention, default));
        }

        var primaries = await cluster.PrimariesAsync();
        Assert.Equal(3, primaries.Count);
        foreach (var primary in primaries)
        {
            var keys = await primary.CliAsync("--scan", "--pattern", prefix + ":*");
            Assert.NotEmpty(keys.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }
}

/// <summary>The contract on the cluster with every claim and done mark confirmed by a replica (<c>WAIT 1</c> on its shard).</summary>
[Collection(RedisClusterGroup.Name)]
public sealed class RedisClusterReplicatedDedupStoreTests(RedisCluster cluster) : RedisClusterDedupStoreTests(cluster)
{
    private protected override DedupStoreOptions Options => Replicated;

    [Fact]
    public async Task ClaimAndMarkDone_Replicated_ReplicaHasThemWhenAnswered() =>
        await AssertReplicaHasEveryWriteAsync(await Cluster.PrimariesAsync());
}

[Collection(RedisSentinelGroup.Name)]
public class RedisSentinelDedupStoreTests(RedisSentinel sentinel) : DistributedDedupStoreTests
{
    private protected RedisSentinel Sentinel => sentinel;

    private protected override string ConnectionString => sentinel.ConnectionString;

    [Fact]
    public async Task TryClaim_ThroughSentinels_WrittenOnThePrimary()
    {
        var key = "sentinel:" + Guid.NewGuid().ToString("N");

        await Store.TryClaimAsync(key, "a", Retention, default);

        var primary = await sentinel.PrimaryAsync();
        Assert.Equal("a", (await primary.CliAsync("GET", key)).Trim());
    }
}

/// <summary>The contract through the sentinels with every claim and done mark confirmed by a replica.</summary>
[Collection(RedisSentinelGroup.Name)]
public sealed class RedisSentinelReplicatedDedupStoreTests(RedisSentinel sentinel) : RedisSentinelDedupStoreTests(sentinel)
{
    private protected override DedupStoreOptions Options => Replicated;

    [Fact]
    public async Task ClaimAndMarkDone_Replicated_ReplicaHasThemWhenAnswered() =>
        await AssertReplicaHasEveryWriteAsync([await Sentinel.PrimaryAsync()]);
}

/// <summary>Replicated durability on a primary that has no replica: nothing may count as claimed or done.</summary>
[Collection(RedisGroup.Name)]
public sealed class RedisReplicatedWithoutReplicasTests(RedisServer redis) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private ConnectionMultiplexer? _connection;

    private RedisDedupStore Store => new(RedisConnection.Of(_connection!), new DedupStoreOptions
    {
        Durability = DedupDurability.Replicated,
        Replicas = 1,
        ReplicationTimeout = TimeSpan.FromMilliseconds(100),
    });

    public async Task InitializeAsync() =>
        _connection = await ConnectionMultiplexer.ConnectAsync(RedisDedupStore.ParseOptions(redis.ConnectionString));

    public async Task DisposeAsync() => await _connection!.DisposeAsync();

    [Fact]
    public async Task TryClaim_NoReplicaAcknowledges_UnavailableAndClaimFreed()
    {
        var key = "replicated:" + Guid.NewGuid().ToString("N");

        await Assert.ThrowsAsync<DedupStoreUnavailableException>(() => Store.TryClaimAsync(key, "a", Lease, default));

        // Not forwarded, so not kept: the sender's retry must be able to claim it (once a replica is back).
        await RedisCluster.WaitUntilAsync(async () => !await _connection!.GetDatabase().KeyExistsAsync(key), TimeSpan.FromSeconds(5), "the unconfirmed claim was not freed");
    }

    [Fact]
    public async Task MarkDone_NoReplicaAcknowledges_Unavailable()
    {
        var key = "replicated:" + Guid.NewGuid().ToString("N");
        await new RedisDedupStore(RedisConnection.Of(_connection!)).TryClaimAsync(key, "a", Lease, default);

        // Unavailable, so the gateway keeps retrying the mark in the background until a replica has it.
        await Assert.ThrowsAsync<DedupStoreUnavailableException>(() => Store.MarkDoneAsync(key, "a", Lease, default));
    }

    [Fact]
    public async Task Release_NoReplica_NotWaitedFor()
    {
        var key = "replicated:" + Guid.NewGuid().ToString("N");
        await new RedisDedupStore(RedisConnection.Of(_connection!)).TryClaimAsync(key, "a", Lease, default);

        Assert.True(await Store.ReleaseAsync(key, "a", default));
    }
}
