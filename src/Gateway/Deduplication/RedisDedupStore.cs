using StackExchange.Redis;

namespace Gateway.Deduplication;

/// <summary>
/// The dedup store shared by any number of gateway instances. A claim is <c>SET key token NX PX lease GET</c> (a script of the
/// same meaning before Redis 7.0); settling is a Lua compare-and-set (to done) or compare-and-delete (release), so only the
/// owner of a claim can settle it. Two round trips per callback, one before the forward and one after.
/// </summary>
/// <param name="connection">The process's Redis connection.</param>
/// <param name="scriptedClaim">Claims with the script even where the server has <c>SET NX GET</c> (the contract tests run both).</param>
internal sealed class RedisDedupStore(RedisConnection connection, bool scriptedClaim = false) : IDedupStore
{
    /// <summary>
    /// The value of a key whose event has been delivered is this prefix and the owner's token, so a retried mark can tell its
    /// own done mark from another owner's. Claim tokens never start with it (<see cref="DedupKeys.NewToken"/>).
    /// </summary>
    private const string DonePrefix = "done:";

    /// <summary>The done mark of earlier versions, without its owner; still read as done while such keys are retained.</summary>
    private const string LegacyDoneValue = "done";

    private bool? _setNotExistsAndGet = scriptedClaim ? false : null;

    // Scripts take their key as KEYS[1] (so a cluster routes them) and their values as ARGV; the client sends each one's
    // SHA1 (EVALSHA) once the server knows it, and the script text only the first time.

    // The claim for servers before Redis 7.0, where SET does not take NX and GET together: claim and, when the claim fails,
    // answer what the key holds, as SET ... GET would. ARGV: token, lease in ms.
    private const string ClaimScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
        return redis.call('GET', KEYS[1])
        """;

    // Done only if the claim is still ours, or has expired with nobody else holding it. A done mark is never rewritten, so
    // its owner and retention stand: 1 when it is ours (a retried mark), 0 when it is another owner's. ARGV: token, done
    // mark, retention in ms.
    private const string MarkDoneScript = """
        local current = redis.call('GET', KEYS[1])
        if current == false or current == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
          return 1
        end
        if current == ARGV[2] then return 1 end
        return 0
        """;

    // Compare-and-delete: only the claim's owner frees it. ARGV: token.
    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    public async Task<ClaimResult> TryClaimAsync(string key, string token, TimeSpan lease, CancellationToken cancellationToken)
    {
        var redis = Multiplexer();
        var database = redis.GetDatabase();
        try
        {
            // One native command where the server has it (SET key token NX PX lease GET): no script to run on either side.
            // Either way the answer is what the key held: nothing (claimed now), a done mark, or another owner's claim.
            var current = SetNotExistsAndGet(redis)
                ? await database.StringSetAndGetAsync(key, token, lease, when: When.NotExists).ConfigureAwait(false)
                : (RedisValue)await database.ScriptEvaluateAsync(ClaimScript, [key], [token, (long)lease.TotalMilliseconds]).ConfigureAwait(false);
            return current.IsNull ? ClaimResult.Claimed : IsDone(current) ? ClaimResult.Done : ClaimResult.InFlight;
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable(ex);
        }
    }

    public Task<bool> MarkDoneAsync(string key, string token, TimeSpan retention, CancellationToken cancellationToken) =>
        RunAsync(MarkDoneScript, key, [token, DonePrefix + token, (long)retention.TotalMilliseconds]);

    public Task<bool> ReleaseAsync(string key, string token, CancellationToken cancellationToken) =>
        RunAsync(ReleaseScript, key, [token]);

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

    /// <summary>Runs a settle script: true when it answered 1.</summary>
    private async Task<bool> RunAsync(string script, RedisKey key, RedisValue[] values)
    {
        var redis = Multiplexer();
        try
        {
            return (int)await redis.GetDatabase().ScriptEvaluateAsync(script, [key], values).ConfigureAwait(false) == 1;
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable(ex);
        }
    }

    private IConnectionMultiplexer Multiplexer() =>
        connection.Multiplexer ?? throw new DedupStoreUnavailableException("The Redis dedup store is still connecting.");

    /// <summary>
    /// Whether the server takes SET with NX and GET together (Redis 7.0 and later), as the client read it on connect; asked
    /// once a server is connected, then remembered.
    /// </summary>
    private bool SetNotExistsAndGet(IConnectionMultiplexer redis)
    {
        if (_setNotExistsAndGet is { } known)
        {
            return known;
        }

        if (redis.GetServers() is not [{ IsConnected: true } server, ..])
        {
            return false; // not known yet: the script works on every version
        }

        _setNotExistsAndGet = server.Features.SetNotExistsAndGet;
        return server.Features.SetNotExistsAndGet;
    }

    private static bool IsDone(RedisValue value) => value == LegacyDoneValue || value.StartsWith(DonePrefix);

    private static DedupStoreUnavailableException Unavailable(Exception ex) => new("The Redis dedup store did not answer.", ex);

    private static bool IsUnavailable(Exception ex) => ex is RedisException or TimeoutException or ObjectDisposedException;
}
