using HdrHistogram;

namespace Gateway.LoadTests.OpenModel;

/// <summary>Latencies in microseconds, from 1 μs to 5 minutes at three significant digits, recorded from any thread.</summary>
internal sealed class LatencyRecorder
{
    private readonly LongHistogram _histogram = new(TimeSpan.FromMinutes(5).Ticks / TimeSpan.TicksPerMicrosecond, 3);
    private readonly Lock _lock = new();

    public void Record(TimeSpan latency)
    {
        var microseconds = Math.Clamp(latency.Ticks / TimeSpan.TicksPerMicrosecond, 1, _histogram.HighestTrackableValue);
        lock (_lock)
        {
            _histogram.RecordValue(microseconds);
        }
    }

    public LatencySummary Summary()
    {
        lock (_lock)
        {
            return _histogram.TotalCount == 0
                ? new LatencySummary(0, 0, 0, 0)
                : new LatencySummary(
                    _histogram.GetValueAtPercentile(50),
                    _histogram.GetValueAtPercentile(99),
                    _histogram.GetValueAtPercentile(99.9),
                    _histogram.GetMaxValue());
        }
    }
}
