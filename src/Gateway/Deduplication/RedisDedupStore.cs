using System.Security.Cryptography.X509Certificates;
using Gateway.Configuration;
using StackExchange.Redis;

namespace Gateway.Deduplication;

/// <summary>
/// The dedup store shared by any number of gateway instances. A claim is <c>SET key token NX PX lease GET</c> (a script of the
/// same meaning before Redis 7.0); settling is a Lua compare-and-set (to done) or compare-and-delete (release), so only the
/// owner of a claim can settle it. Two round trips per callback, one before the forward and one after.
/// </summary>
/// <remarks>
/// <para>
/// Each command names its one key, so on a Redis Cluster it goes to the primary that owns the key's slot (the client follows
/// <c>MOVED</c> and <c>ASK</c>); the scripts take the key as <c>KEYS[1]</c> for the same reason. A key is
/// <c>{prefix}:{policy}:{hash}</c> without a hash tag, so events spread over every slot.
/// </para>
/// <para>
/// With <see cref="DedupDurability.Replicated"/>, a claim that won and a done mark count only once
/// <see cref="DedupStoreOptions.Replicas"/> replicas have them: Redis replicates asynchronously, and a write that only the
/// primary had is gone when a replica is promoted; a lost claim lets a concurrent copy through, a lost done mark lets a
/// retry through once the lease ends. See <see cref="ConfirmReplicatedAsync"/> for how, and why it is correct on a shared
/// connection. A release is not waited for: if a failover loses it the claim comes back and expires with its lease, which
/// only delays the sender's retry.
/// </para>
/// </remarks>
/// <param name="connection">The process's Redis connection.</param>
/// <param name="options">The store's settings (durability); null for the defaults.</param>
/// <param name="scriptedClaim">Claims with the script even where the server has <c>SET NX GET</c> (the contract tests run both).</param>
internal sealed class RedisDedupStore(RedisConnection connection, DedupStoreOptions? options = null, bool scriptedClaim = false) : IDedupStore
{
    private readonly int _replicas = options is { Durability: DedupDurability.Replicated } ? options.Replicas : 0;
    private readonly long _replicationTimeoutMs = (long)(options?.ReplicationTimeout ?? TimeSpan.Zero).TotalMilliseconds;

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
            if (!current.IsNull)
            {
                // Done or another owner's claim: nothing was written. An answer the replicas may not have yet is still safe:
                // a done mark is only read once the event has reached the backend, and the writer of either confirms it.
                return IsDone(current) ? ClaimResult.Done : ClaimResult.InFlight;
            }

            if (_replicas > 0 && await ConfirmReplicatedAsync(redis, key, token).ConfigureAwait(false) is { } shortfall)
            {
                // Not forwarded: the sender retries. Freed at once so that retry can claim it, rather than wait out the lease.
                _ = database.ScriptEvaluateAsync(ReleaseScript, [key], [token], CommandFlags.FireAndForget);
                throw NotReplicated(shortfall);
            }

            return ClaimResult.Claimed;
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable(ex);
        }
    }

    public async Task<bool> MarkDoneAsync(string key, string token, TimeSpan retention, CancellationToken cancellationToken)
    {
        var done = DonePrefix + token;
        var ours = await RunAsync(MarkDoneScript, key, [token, done, (long)retention.TotalMilliseconds]).ConfigureAwait(false);

        // Unconfirmed, the mark is retried (ClaimLifecycle): the script answers 1 again for our own mark, or writes it anew on a
        // promoted replica that lost it but kept the claim, and the wait is made again.
        if (ours && _replicas > 0 && await ConfirmReplicatedAsync(Multiplexer(), key, done).ConfigureAwait(false) is { } shortfall)
        {
            throw NotReplicated(shortfall);
        }

        return ours;
    }

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
    /// <param name="connectionString">The StackExchange.Redis connection string (single server, cluster nodes, or sentinels with <c>serviceName</c>).</param>
    /// <param name="caCertificatePath">A CA certificate the server's TLS certificate must chain to, when the machine does not trust its CA.</param>
    public static ConfigurationOptions ParseOptions(string connectionString, string? caCertificatePath = null)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        if (caCertificatePath is { Length: > 0 })
        {
            // PEM or DER; only this CA (and the machine's) is trusted, and the host name is still checked (sslHost, else the endpoint).
            options.TrustIssuer(X509CertificateLoader.LoadCertificateFromFile(caCertificatePath));
        }

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

    /// <summary>
    /// Whether the write of <paramref name="expected"/> to <paramref name="key"/>, just answered, has reached the configured
    /// number of replicas. Redis's <c>WAIT n timeout</c> answers how many replicas have every write made before it on the same
    /// connection. So it is sent to the server that owns the key (<see cref="IConnectionMultiplexer.GetServer(RedisKey, object?, CommandFlags)"/>)
    /// and so on the multiplexer's one interactive connection to it, the one the write went over. Two things make that sound:
    /// <list type="bullet">
    /// <item>A <c>GET</c> of the key on that same server (without redirects) in the same round trip must answer the value
    /// written: only then did the write land on this server through this connection, before the <c>WAIT</c>. A write the
    /// client followed an <c>ASK</c> redirect for (a slot being migrated) or that landed before a failover it then missed
    /// fails this check and counts as not replicated.</item>
    /// <item>The connection is shared: the <c>WAIT</c> also covers other requests' writes made before it (a stronger answer,
    /// never a wrong one), and Redis answers nothing else on that connection while it waits. That is why the wait is short and
    /// bounded (<see cref="DedupStoreOptions.ReplicationTimeout"/>, below the connection's async timeout), and why a missing
    /// replica makes claims fail fast as "store unavailable" (503, the sender retries) rather than hold the connection.
    /// StackExchange.Redis does not wrap <c>WAIT</c> for that reason; a second connection would not help, as <c>WAIT</c>
    /// only counts the writes of its own connection.</item>
    /// </list>
    /// </summary>
    /// <returns>Null when confirmed; else what fell short, for the log.</returns>
    private async Task<string?> ConfirmReplicatedAsync(IConnectionMultiplexer redis, RedisKey key, RedisValue expected)
    {
        try
        {
            var server = redis.GetServer(key);
            var landed = server.ExecuteAsync("GET", [key], CommandFlags.NoRedirect);
            var replicated = server.ExecuteAsync("WAIT", [_replicas, _replicationTimeoutMs]);
            var (value, acknowledged) = ((RedisValue)await landed.ConfigureAwait(false), (long)await replicated.ConfigureAwait(false));
            return value != expected ? $"the write is not on {server.EndPoint}, the key's primary, as its connection saw it"
                : acknowledged < _replicas ? $"{acknowledged} of {_replicas} replica(s) acknowledged it within {_replicationTimeoutMs} ms"
                : null;
        }
        catch (RedisServerException ex)
        {
            return $"{ex.Message} (the key is no longer this server's)"; // MOVED or ASK
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable(ex);
        }
    }

    private static DedupStoreUnavailableException NotReplicated(string shortfall) =>
        new($"The write is not confirmed on the replicas (Dedup:Durability is Replicated): {shortfall}.");

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
