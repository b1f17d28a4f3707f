namespace Gateway.LoadTests.Wrk;

/// <summary>What <c>callbacks.lua</c>'s done() writes: wrk's summary, its latency percentiles (μs), and what the threads sent.</summary>
internal sealed record WrkOutput(
    long Requests,
    long DurationMicroseconds,
    long ConnectErrors,
    long ReadErrors,
    long WriteErrors,
    long Timeouts,
    long Non2xx,
    long P50,
    long P99,
    long P999,
    long Max,
    int[] SentPerThread,
    long Unnamed2xx,
    bool Exhausted)
{
    public long Errors => ConnectErrors + ReadErrors + WriteErrors + Timeouts + Non2xx;
}
