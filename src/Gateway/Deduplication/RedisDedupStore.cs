using StackExchange.Redis;

namespace Gateway.Deduplication;

/// <summary>
/// The dedup store shared by any number of gateway instances. A claim is <c>SET key token NX PX lease</c>; settling is a Lua
/// compare-and-set (to done) or compare-and-delete (release), so only the owner of a claim can settle it.
/// </summary>
internal sealed class RedisDedupStore(RedisConnection connection) : IDedupStore
{
    /// <summary>
    /// The value of a key whose event has been delivered is this prefix and the owner's token, so a retried mark can tell its
    /// own done mark from another owner's. Claim tokens never start with it (<see cref="DedupKeys.NewToken"/>).
    /// </summary>
    private const string DonePrefix = "done:";

    /// <summary>The done mark of earlier versions, without its owner; still read as done while such keys are retained.</summary>
    private const string LegacyDoneValue = "done";

    // Claim and, when the claim fails, tell done from in flight in the same round trip.
    private static readonly LuaScript ClaimScript = LuaScript.Prepare("""
        if redis.call('SET', @key, @token, 'NX', 'PX', @leaseMs) then return 1 end
        local current = redis.call('GET', @key)
        if current == @legacyDone or (current and string.sub(current, 1, string.len(@donePrefix)) == @donePrefix) then return 2 end
        return 0
        """);

    // Done only if the claim is still ours, or has expired with nobody else holding it. A done mark is never rewritten, so
    // its owner and retention stand: true when it is ours (a retried mark), false when it is another owner's.
    private static readonly LuaScript MarkDoneScript = LuaScript.Prepare("""
        local current = redis.call('GET', @key)
        if current == false or current == @token then
          redis.call('SET', @key, @done, 'PX', @retentionMs)
          return 1
        end
        if current == @done then return 1 end
        return 0
        """);

    private static readonly LuaScript ReleaseScript = LuaScript.Prepare("""
        if redis.call('GET', @key) == @token then return redis.call('DEL', @key) end
        return 0
        """);

    public async Task<ClaimResult> TryClaimAsync(string key, string token, TimeSpan lease, CancellationToken cancellationToken)
    {
        var result = (int)await Run(ClaimScript, new { key = (RedisKey)key, token, leaseMs = (long)lease.TotalMilliseconds, donePrefix = DonePrefix, legacyDone = LegacyDoneValue }).ConfigureAwait(false);
        return result switch
        {
            1 => ClaimResult.Claimed,
            2 => ClaimResult.Done,
            _ => ClaimResult.InFlight,
        };
    }

    public async Task<bool> MarkDoneAsync(string key, string token, TimeSpan retention, CancellationToken cancellationToken) =>
        (int)await Run(MarkDoneScript, new { key = (RedisKey)key, token, retentionMs = (long)retention.TotalMilliseconds, done = DonePrefix + token }).ConfigureAwait(false) == 1;

    public async Task<bool> ReleaseAsync(string key, string token, CancellationToken cancellationToken) =>
        (int)await Run(ReleaseScript, new { key = (RedisKey)key, token }).ConfigureAwait(false) == 1;

    public async Task<bool> IsAvailableAsync(CancellationToken cancellationToken)
    {
        if (connection.Multiplexer is not { } redis)
        {
            return false; // still connecting
        }

        try
        {
            await redis.GetDatabase().PingAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            return false;
        }
    }

    /// <summary>Connection options with the gateway's deliberate defaults where the connection string leaves them out.</summary>
    public static ConfigurationOptions ParseOptions(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false; // start and keep retrying while Redis is down; requests answer 503 meanwhile
        options.BacklogPolicy = BacklogPolicy.FailFast; // a disconnected store fails at once instead of holding requests

        // Reconnect within a second or two of Redis coming back (the library's default backs off from 5 s): claims
        // waiting to be marked done are retried meanwhile, and the sooner they land the fewer copies wait on 409.
        options.ReconnectRetryPolicy = new ExponentialRetry(deltaBackOffMilliseconds: 250, maxDeltaBackOffMilliseconds: 2000);
        if (!Mentions(connectionString, "connectTimeout"))
        {
            options.ConnectTimeout = 2000;
        }

        if (!Mentions(connectionString, "asyncTimeout"))
        {
            options.AsyncTimeout = 1000;
        }

        if (!Mentions(connectionString, "syncTimeout"))
        {
            options.SyncTimeout = 1000;
        }

        return options;
    }

    private static bool Mentions(string connectionString, string option) =>
        connectionString.Contains(option + "=", StringComparison.OrdinalIgnoreCase);

    private async Task<RedisResult> Run(LuaScript script, object parameters)
    {
        var redis = connection.Multiplexer ?? throw new DedupStoreUnavailableException("The Redis dedup store is still connecting.");
        try
        {
            return await redis.GetDatabase().ScriptEvaluateAsync(script, parameters).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw new DedupStoreUnavailableException("The Redis dedup store did not answer.", ex);
        }
    }

    private static bool IsUnavailable(Exception ex) => ex is RedisException or TimeoutException or ObjectDisposedException;
}
