using StackExchange.Redis;

namespace Gateway.Deduplication;

/// <summary>
/// The process's one Redis multiplexer, opened in the background from startup, so that neither the start, a request nor a
/// readiness probe waits on a Redis that is down (a blocking connect holds its caller for the whole connect timeout). Until
/// it is open the dedup store answers as unavailable: 503 at once, not ready. Once open, it reconnects by itself.
/// </summary>
internal sealed partial class RedisConnection : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _opening;

    public RedisConnection(ConfigurationOptions options, ILogger<RedisConnection> logger)
        : this(new Lazy<Task<IConnectionMultiplexer>>(() => Task.Run(() => OpenAsync(options, logger))))
    {
    }

    private RedisConnection(Lazy<Task<IConnectionMultiplexer>> opening) => _opening = opening;

    /// <summary>The multiplexer once open; null while it is being opened (the first call starts that) or if it could not be.</summary>
    public IConnectionMultiplexer? Multiplexer => _opening.Value is { IsCompletedSuccessfully: true } open ? open.Result : null;

    /// <summary>A connection over a multiplexer that is open already; it is disposed with this one.</summary>
    public static RedisConnection Of(IConnectionMultiplexer multiplexer) => new(new Lazy<Task<IConnectionMultiplexer>>(Task.FromResult(multiplexer)));

    /// <summary>Starts opening the multiplexer, if nothing has yet, and returns at once.</summary>
    public void Start() => _ = _opening.Value;

    public async ValueTask DisposeAsync()
    {
        if (!_opening.IsValueCreated)
        {
            return;
        }

        var opening = _opening.Value;
        if (opening.IsCompletedSuccessfully)
        {
            await opening.Result.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            // Still opening: close it once open, rather than hold the shutdown for the connect timeout.
            _ = CloseWhenOpenAsync(opening);
        }
    }

    private static async Task<IConnectionMultiplexer> OpenAsync(ConfigurationOptions options, ILogger logger)
    {
        try
        {
            // With AbortOnConnectFail off this returns, connected or not, within the connect timeout and keeps reconnecting.
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            if (!multiplexer.IsConnected)
            {
                Log.NotConnected(logger, options.ToString(includePassword: false));
            }

            return multiplexer;
        }
        catch (Exception ex)
        {
            Log.OpenFailed(logger, options.ToString(includePassword: false), ex.Message);
            throw;
        }
    }

    private static async Task CloseWhenOpenAsync(Task<IConnectionMultiplexer> opening)
    {
        try
        {
            await (await opening.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // It never opened (and OpenAsync logged why): nothing to close.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.RedisNotConnected, LogLevel.Warning, "Redis ({Configuration}) is not reachable yet: callbacks get 503 and /readyz is unhealthy while the gateway keeps reconnecting", EventName = "RedisNotConnected")]
        public static partial void NotConnected(ILogger logger, string configuration);

        [LoggerMessage(LogEvents.RedisConnectionFailed, LogLevel.Error, "The Redis connection ({Configuration}) could not be set up: {Reason}; callbacks get 503 until the gateway is restarted", EventName = "RedisOpenFailed")]
        public static partial void OpenFailed(ILogger logger, string configuration, string reason);
    }
}
