using Gateway.Deduplication;
using Gateway.Tests.Fixtures;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Gateway.Tests.Deduplication;

/// <summary>The semantics both stores promise, run against each: claim, done, in flight, owner-only release, expiry.</summary>
public abstract class DedupStoreContractTests
{
    protected static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(300);
    protected static readonly TimeSpan Retention = TimeSpan.FromMinutes(1);

    private protected abstract IDedupStore Store { get; }

    /// <summary>Lets <paramref name="duration"/> pass for the store.</summary>
    protected abstract Task PassAsync(TimeSpan duration);

    private static string NewKey() => "contract:" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task TryClaim_FreshKey_Claimed()
    {
        Assert.Equal(ClaimResult.Claimed, await Store.TryClaimAsync(NewKey(), "a", Lease, default));
    }

    [Fact]
    public async Task TryClaim_HeldByAnother_InFlight()
    {
        var key = NewKey();
        await Store.TryClaimAsync(key, "a", Lease, default);

        Assert.Equal(ClaimResult.InFlight, await Store.TryClaimAsync(key, "b", Lease, default));
    }

    [Fact]
    public async Task TryClaim_AfterMarkDone_Done()
    {
        var key = NewKey();
        await Store.TryClaimAsync(key, "a", Lease, default);

        Assert.True(await Store.MarkDoneAsync(key, "a", Retention, default));
        Assert.Equal(ClaimResult.Done, await Store.TryClaimAsync(key, "b", Lease, default));
    }

    [Fact]
    public async Task TryClaim_AfterRelease_ClaimedAgain()
    {
        var key = NewKey();
        await Store.TryClaimAsync(key, "a", Lease, default);

        Assert.True(await Store.ReleaseAsync(key, "a", default));
        Assert.Equal(ClaimResult.Claimed, await Store.TryClaimAsync(key, "b", Lease, default));
    }

    [Fact]
    public async Task Release_ByAnotherOwner_LeavesClaim()
    {
        var key = NewKey();
        await Store.TryClaimAsync(key, "a", Lease, default);

        Assert.False(await Store.ReleaseAsync(key, "b", default));
        Assert.Equal(ClaimResult.InFlight, await Store.TryClaimAsync(key, "c", Lease, default));
    }

    [Theory]
    [InlineData("a")] // the owner of the done mark
    [InlineData("b")] // another owner
    public async Task Release_KeyDone_FalseAndLeavesDone(string releasedBy)
    {
        var key = NewKey();
        await Store.TryClaimAsync(key, "a", Lease, default);
        await Store.MarkDoneAsync(key, "a", Retention, default);

        Assert.False(await Store.ReleaseAsync(key, releasedBy, default));
        Assert.Equal(ClaimResult.Done, await Store.TryClaimAsync(key, "c", Lease, default));
    }

    [Fact]
    public async Task TryClaim_AfterLeaseExpired_Claimed()
    {
        var key = NewKey();
        await Store.TryClaimAsync(key, "a", Lease, default);

        await PassAsync(Lease * 2);

        Assert.Equal(ClaimResult.Claimed, await Store.TryClaimAsync(key, "b", Lease, default));
    }

    [Fact]
    public async Task MarkDone_ClaimTakenOverByAnother_False()
    {
        var key = NewKey();
        await Store.TryClaimAsync(key, "a", Lease, default);
        await PassAsync(Lease * 2);
        await Store.TryClaimAsync(key, "b", Lease, default);

        Assert.False(await Store.MarkDoneAsync(key, "a", Retention, default));
        Assert.True(await Store.MarkDoneAsync(key, "b", Retention, default));
    }

    [Fact]
    public async Task MarkDone_DoneByAnotherOwner_FalseAndDoneMarkKept()
    {
        // a's lease ran out while its backend was slow; b claimed, forwarded and marked done; then a's backend answers.
        var key = NewKey();
        await Store.TryClaimAsync(key, "a", Lease, default);
        await PassAsync(Lease * 2);
        await Store.TryClaimAsync(key, "b", Lease, default);
        await Store.MarkDoneAsync(key, "b", Retention, default);

        var marked = await Store.MarkDoneAsync(key, "a", Lease, default);
        await PassAsync(Lease * 2);

        Assert.False(marked); // the event went through twice: the caller logs the lost claim
        Assert.Equal(ClaimResult.Done, await Store.TryClaimAsync(key, "c", Lease, default)); // b's retention, not a's shorter one
    }

    [Fact]
    public async Task MarkDone_AlreadyDoneBySameOwner_TrueAndDoneMarkKept()
    {
        // A retried mark whose first attempt landed although its answer was lost (a timeout).
        var key = NewKey();
        await Store.TryClaimAsync(key, "a", Lease, default);
        await Store.MarkDoneAsync(key, "a", Retention, default);

        var marked = await Store.MarkDoneAsync(key, "a", Lease, default);
        await PassAsync(Lease * 2);

        Assert.True(marked);
        Assert.Equal(ClaimResult.Done, await Store.TryClaimAsync(key, "b", Lease, default)); // the first retention stands
    }

    [Fact]
    public async Task MarkDone_AfterOwnLeaseExpired_StillMarksDone()
    {
        var key = NewKey();
        await Store.TryClaimAsync(key, "a", Lease, default);
        await PassAsync(Lease * 2);

        Assert.True(await Store.MarkDoneAsync(key, "a", Retention, default));
        Assert.Equal(ClaimResult.Done, await Store.TryClaimAsync(key, "b", Lease, default));
    }

    [Fact]
    public async Task TryClaim_AfterRetentionExpired_Claimed()
    {
        var key = NewKey();
        await Store.TryClaimAsync(key, "a", Lease, default);
        await Store.MarkDoneAsync(key, "a", Lease, default);

        await PassAsync(Lease * 2);

        Assert.Equal(ClaimResult.Claimed, await Store.TryClaimAsync(key, "b", Lease, default));
    }

    [Fact]
    public async Task TryClaim_ManyConcurrent_ExactlyOneClaimed()
    {
        var key = NewKey();

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() => Store.TryClaimAsync(key, $"t{i}", Retention, default))));

        Assert.Equal(1, results.Count(r => r == ClaimResult.Claimed));
        Assert.Equal(99, results.Count(r => r == ClaimResult.InFlight));
    }
}

public sealed class InMemoryDedupStoreTests : DedupStoreContractTests, IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddYears(50));
    private readonly InMemoryDedupStore _store;

    public InMemoryDedupStoreTests() => _store = new InMemoryDedupStore(_time);

    private protected override IDedupStore Store => _store;

    protected override Task PassAsync(TimeSpan duration)
    {
        _time.Advance(duration);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Sweep_ExpiredEntries_Removed()
    {
        await _store.TryClaimAsync("k1", "a", Lease, default);
        await _store.TryClaimAsync("k2", "a", TimeSpan.FromHours(1), default);

        _time.Advance(TimeSpan.FromMinutes(1)); // fires the periodic sweep

        Assert.Equal(1, _store.Count);
    }

    public void Dispose() => _store.Dispose();
}

[Collection(RedisGroup.Name)]
public class RedisDedupStoreTests : DedupStoreContractTests, IAsyncLifetime
{
    private readonly RedisServer _redis;
    private ConnectionMultiplexer? _connection;

    public RedisDedupStoreTests(RedisServer redis) => _redis = redis;

    private protected override IDedupStore Store => new RedisDedupStore(RedisConnection.Of(_connection!), scriptedClaim: ScriptedClaim);

    /// <summary>Whether the store claims with the script that servers before Redis 7.0 get, rather than SET NX GET.</summary>
    protected virtual bool ScriptedClaim => false;

    public async Task InitializeAsync() =>
        _connection = await ConnectionMultiplexer.ConnectAsync(RedisDedupStore.ParseOptions(_redis.ConnectionString));

    public async Task DisposeAsync() => await _connection!.DisposeAsync();

    protected override Task PassAsync(TimeSpan duration) => Task.Delay(duration);

    [Fact]
    public async Task TryClaim_RedisDown_ThrowsUnavailable()
    {
        _redis.Stop();
        try
        {
            await Assert.ThrowsAsync<DedupStoreUnavailableException>(() => Store.TryClaimAsync("k", "a", Lease, default));
            Assert.False(await Store.IsAvailableAsync(default));
        }
        finally
        {
            await _redis.StartAsync();
        }
    }

    [Fact]
    public async Task TryClaim_DoneMarkOfEarlierVersion_DoneAndKept()
    {
        // Earlier versions wrote "done" without its owner; such keys live on for their retention after an upgrade.
        var key = "contract:" + Guid.NewGuid().ToString("N");
        await _connection!.GetDatabase().StringSetAsync(key, "done", Retention);

        var claim = await Store.TryClaimAsync(key, "a", Lease, default);
        var marked = await Store.MarkDoneAsync(key, "a", Lease, default);

        Assert.Equal(ClaimResult.Done, claim);
        Assert.False(marked);
        Assert.Equal("done", await _connection.GetDatabase().StringGetAsync(key));
    }

    [Fact]
    public async Task TryClaim_ServerWithSetNxGet_OneNativeCommandNoScript()
    {
        var server = _connection!.GetServers()[0];
        var before = await CommandCallsAsync();

        await Store.TryClaimAsync("contract:" + Guid.NewGuid().ToString("N"), "a", Lease, default);
        var after = await CommandCallsAsync();

        Assert.True(server.Features.SetNotExistsAndGet, $"the test server ({server.Version}) should take SET NX GET");
        Assert.Equal(1, after.Set - before.Set); // the script's own SET counts too
        Assert.Equal(ScriptedClaim ? 1 : 0, after.Scripts - before.Scripts);
    }

    [Fact]
    public void ParseOptions_DefaultsAndExplicitValues_Respected()
    {
        var defaults = RedisDedupStore.ParseOptions("127.0.0.1:6379");
        var explicitTimeout = RedisDedupStore.ParseOptions("127.0.0.1:6379,asyncTimeout=250");

        Assert.False(defaults.AbortOnConnectFail);
        Assert.Equal(1000, defaults.AsyncTimeout);
        Assert.Equal(250, explicitTimeout.AsyncTimeout);
    }

    /// <summary>How many SET and script calls the server has run (<c>INFO commandstats</c>, an admin command).</summary>
    private async Task<(long Set, long Scripts)> CommandCallsAsync()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString + ",allowAdmin=true");
        var stats = (await admin.GetServers()[0].InfoAsync("commandstats")).SelectMany(group => group)
            .ToDictionary(pair => pair.Key, pair => long.Parse(pair.Value.Split(',')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture));
        return (stats.GetValueOrDefault("cmdstat_set"), stats.GetValueOrDefault("cmdstat_eval") + stats.GetValueOrDefault("cmdstat_evalsha"));
    }
}

/// <summary>The same contract with the scripted claim, which servers before Redis 7.0 get.</summary>
public sealed class RedisScriptedClaimDedupStoreTests : RedisDedupStoreTests
{
    public RedisScriptedClaimDedupStoreTests(RedisServer redis)
        : base(redis)
    {
    }

    protected override bool ScriptedClaim => true;
}
