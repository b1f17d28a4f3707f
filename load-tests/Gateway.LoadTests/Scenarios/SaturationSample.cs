using Gateway.LoadTests.OpenModel;

namespace Gateway.LoadTests.Scenarios;

/// <summary>
/// One wrk run of one row, or a row's medians. Costs per request: CPU of the process in front (the gateway, or nginx as
/// proxy) and of redis-server, in μs (utime + stime over the run / requests served), and bytes the gateway allocated.
/// </summary>
internal sealed record SaturationSample(
    double RequestsPerSecond,
    LatencySummary Latency,
    double? FrontCpuMicroseconds,
    double? RedisCpuMicroseconds,
    double? AllocatedBytes,
    long Requests,
    long Errors);
