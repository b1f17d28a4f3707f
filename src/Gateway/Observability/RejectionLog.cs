using System.Collections.Concurrent;

namespace Gateway.Observability;

/// <summary>
/// Logs rejected requests without letting a stranger flood the log: per route and outcome, the first few of each interval
/// in full, then one summary line with how many more there were. The metrics count every one. Keys are route ids and
/// outcome labels, both from bounded sets, so the table cannot grow with traffic.
/// </summary>
internal sealed partial class RejectionLog : IDisposable
{
    /// <summary>Rejections logged in full per route and outcome per interval.</summary>
    public const int FullPerInterval = 5;

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Route, string Outcome), Window> _windows = new();
    private readonly ILogger<RejectionLog> _logger;
    private readonly ITimer _timer;

    public RejectionLog(TimeProvider time, ILogger<RejectionLog> logger)
    {
        _logger = logger;
        _timer = time.CreateTimer(static state => ((RejectionLog)state!).Flush(), this, Interval, Interval);
    }

    /// <summary>One rejection; <paramref name="reason"/> is a fixed text or header name, never a secret, signature or body.</summary>
    public void Rejected(string route, string policy, string outcome, string reason)
    {
        var window = _windows.GetOrAdd((route, outcome), static _ => new Window());
        if (Interlocked.Increment(ref window.Count) <= FullPerInterval)
        {
            Log.Rejected(_logger, route, policy, outcome, reason);
        }
    }

    /// <summary>Writes the summaries of the interval that ended and starts the next.</summary>
    public void Flush()
    {
        foreach (var ((route, outcome), window) in _windows)
        {
            var suppressed = Interlocked.Exchange(ref window.Count, 0) - FullPerInterval;
            if (suppressed > 0)
            {
                Log.Suppressed(_logger, suppressed, route, outcome, Interval);
            }
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Flush();
    }

    private sealed class Window
    {
        public long Count;
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.RequestRejected, LogLevel.Warning, "Request rejected on route {Route} (policy {Policy}): {Outcome}, {Reason}", EventName = "RequestRejected")]
        public static partial void Rejected(ILogger logger, string route, string policy, string outcome, string reason);

        [LoggerMessage(LogEvents.RejectionsSuppressed, LogLevel.Warning, "{Count} more requests rejected on route {Route} as {Outcome} in the last {Interval}, not logged one by one", EventName = "RejectionsSuppressed")]
        public static partial void Suppressed(ILogger logger, long count, string route, string outcome, TimeSpan interval);
    }
}
