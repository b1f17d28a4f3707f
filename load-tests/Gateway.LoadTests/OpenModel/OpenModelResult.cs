namespace Gateway.LoadTests.OpenModel;

/// <summary>
/// One constant-arrival-rate run: how many requests were due, how many were accepted, how many the client itself started
/// late, and the latency from each request's due time to its accepted answer.
/// </summary>
internal sealed record OpenModelResult(double Rate, long Scheduled, long Accepted, long LateStarts, LatencySummary Latency, TimeSpan Elapsed)
{
    public double AchievedRate => Accepted / Elapsed.TotalSeconds;
}
