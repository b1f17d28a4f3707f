namespace Gateway.LoadTests.OpenModel;

/// <summary>A latency distribution's figures, in microseconds.</summary>
internal sealed record LatencySummary(long P50, long P99, long P999, long Max);
