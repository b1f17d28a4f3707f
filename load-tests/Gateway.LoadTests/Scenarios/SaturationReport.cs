using Gateway.LoadTests.Cli;

namespace Gateway.LoadTests.Scenarios;

/// <summary>The closed-model comparison and its ratios (null where a row was not run).</summary>
internal sealed record SaturationReport(int Rounds, double RoundSeconds, double WarmUpSeconds, int Connections, int WrkThreads, IReadOnlyList<SaturationRow> Rows)
{
    public double? CallbackMemoryToPlainThroughput => Ratio(ScenarioNames.CallbackMemory, ScenarioNames.Plain, s => s.RequestsPerSecond);

    public double? CallbackRedisToPlainThroughput => Ratio(ScenarioNames.CallbackRedis, ScenarioNames.Plain, s => s.RequestsPerSecond);

    public double? CallbackMemoryToPlainCpuPerRequest => Ratio(ScenarioNames.CallbackMemory, ScenarioNames.Plain, s => s.FrontCpuMicroseconds);

    public double? CallbackRedisToPlainCpuPerRequest => Ratio(ScenarioNames.CallbackRedis, ScenarioNames.Plain, s => s.FrontCpuMicroseconds);

    public double? CallbackMemoryToPlainPostCpuPerRequest => Ratio(ScenarioNames.CallbackMemory, ScenarioNames.PlainPost, s => s.FrontCpuMicroseconds);

    public double? CallbackRedisToPlainPostCpuPerRequest => Ratio(ScenarioNames.CallbackRedis, ScenarioNames.PlainPost, s => s.FrontCpuMicroseconds);

    public double? CallbackMemoryToPlainPostThroughput => Ratio(ScenarioNames.CallbackMemory, ScenarioNames.PlainPost, s => s.RequestsPerSecond);

    public double? CallbackRedisToPlainPostThroughput => Ratio(ScenarioNames.CallbackRedis, ScenarioNames.PlainPost, s => s.RequestsPerSecond);

    public double? PlainToNginxProxyThroughput => Ratio(ScenarioNames.Plain, ScenarioNames.NginxProxy, s => s.RequestsPerSecond);

    public double? PlainToNginxProxyCpuPerRequest => Ratio(ScenarioNames.Plain, ScenarioNames.NginxProxy, s => s.FrontCpuMicroseconds);

    public SaturationRow? Row(string name) => Rows.FirstOrDefault(row => row.Name == name);

    private double? Ratio(string numerator, string denominator, Func<SaturationSample, double?> figure) =>
        Row(numerator) is { } top && Row(denominator) is { } bottom && figure(top.Median) is { } a && figure(bottom.Median) is { } b && b > 0
            ? a / b
            : null;
}
