using Gateway.LoadTests.OpenModel;

namespace Gateway.LoadTests.Wrk;

/// <summary>One wrk run: throughput, latency, errors, and for callbacks which events were sent and which acknowledged (2xx).</summary>
internal sealed record WrkResult(
    long Requests,
    TimeSpan Elapsed,
    LatencySummary Latency,
    long Errors,
    bool Exhausted,
    IReadOnlyList<string> SentEventIds,
    IReadOnlyList<string> AcknowledgedEventIds,
    long UnnamedAcknowledgements)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
}
