using Gateway.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Observability;

/// <summary>Rejections cannot flood the log: the first few in full, then a summary per route and outcome per interval.</summary>
public sealed class RejectionLogTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger _logger = new();

    [Fact]
    public void Rejected_ManyInOneInterval_FirstFewInFullThenOneSummary()
    {
        using var log = new RejectionLog(_time, _logger);

        for (var i = 0; i < 1000; i++)
        {
            log.Rejected("route-a", "policy-a", "invalid_signature", "signature does not match");
        }

        _time.Advance(RejectionLog.Interval);

        Assert.Equal(RejectionLog.FullPerInterval, _logger.Lines.Count(l => l.Contains("Request rejected", StringComparison.Ordinal)));
        Assert.Single(_logger.Lines, l => l.StartsWith($"{1000 - RejectionLog.FullPerInterval} more requests rejected on route route-a as invalid_signature", StringComparison.Ordinal));
    }

    [Fact]
    public void Rejected_EachRouteAndOutcome_HasItsOwnAllowance()
    {
        using var log = new RejectionLog(_time, _logger);

        foreach (var (route, outcome) in new[] { ("a", "stale"), ("a", "malformed"), ("b", "stale") })
        {
            for (var i = 0; i < 10; i++)
            {
                log.Rejected(route, "p", outcome, "reason");
            }
        }

        Assert.Equal(3 * RejectionLog.FullPerInterval, _logger.Lines.Count);
    }

    [Fact]
    public void Rejected_NextInterval_LoggedInFullAgain()
    {
        using var log = new RejectionLog(_time, _logger);
        for (var i = 0; i < 10; i++)
        {
            log.Rejected("a", "p", "stale", "reason");
        }

        _time.Advance(RejectionLog.Interval);
        _logger.Lines.Clear();
        log.Rejected("a", "p", "stale", "reason");

        Assert.Single(_logger.Lines, l => l.Contains("Request rejected", StringComparison.Ordinal));
    }

    [Fact]
    public void Flush_FewRejections_NoSummary()
    {
        using var log = new RejectionLog(_time, _logger);
        log.Rejected("a", "p", "stale", "reason");

        _time.Advance(RejectionLog.Interval);

        Assert.Single(_logger.Lines);
    }

    private sealed class ListLogger : ILogger<RejectionLog>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }
}
