namespace Gateway.LoadTests.OpenModel;

/// <summary>
/// One constant-arrival-rate run: how many requests were due, how many were accepted, how many the client itself started
/// late, the latency from each request's due time to its accepted answer, and the CPU this client spent per request
/// (it shares the cores with the servers it measures).
/// </summary>
internal sealed record OpenModelResult(double Rate, long Scheduled, long Accepted, long LateStarts, LatencySummary Latency, TimeSpan Elapsed, double ClientCpuMicroseconds);
