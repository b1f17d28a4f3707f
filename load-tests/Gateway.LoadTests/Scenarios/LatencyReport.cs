using Gateway.LoadTests.Cli;

namespace Gateway.LoadTests.Scenarios;

/// <summary>The open-model rows at one arrival rate, and how much a callback adds to the plain route's p99 (μs).</summary>
internal sealed record LatencyReport(double Rate, string RateSource, double Seconds, IReadOnlyList<OpenModelRow> Rows)
{
    public long? CallbackMemoryP99MinusPlain => P99Difference(ScenarioNames.CallbackMemory);

    public long? CallbackRedisP99MinusPlain => P99Difference(ScenarioNames.CallbackRedis);

    private long? P99Difference(string row) =>
        Rows.FirstOrDefault(r => r.Name == row) is { } callback && Rows.FirstOrDefault(r => r.Name == ScenarioNames.Plain) is { } plain
            ? callback.Result.Latency.P99 - plain.Result.Latency.P99
            : null;
}
