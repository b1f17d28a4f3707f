using Gateway.LoadTests.OpenModel;

namespace Gateway.LoadTests.Scenarios;

/// <summary>Medians over rounds, figure by figure (so a row's median p99 may come from another round than its median throughput).</summary>
internal static class Medians
{
    public static SaturationSample Of(IReadOnlyList<SaturationSample> rounds) => new(
        Of(rounds, s => s.RequestsPerSecond)!.Value,
        new LatencySummary(
            (long)Of(rounds, s => s.Latency.P50)!.Value,
            (long)Of(rounds, s => s.Latency.P99)!.Value,
            (long)Of(rounds, s => s.Latency.P999)!.Value,
            (long)Of(rounds, s => s.Latency.Max)!.Value),
        Of(rounds, s => s.FrontCpuMicroseconds),
        Of(rounds, s => s.RedisCpuMicroseconds),
        Of(rounds, s => s.AllocatedBytes),
        rounds.Sum(s => s.Requests),
        rounds.Sum(s => s.Errors));

    public static double? Of<T>(IEnumerable<T> items, Func<T, double?> figure)
    {
        var values = items.Select(figure).OfType<double>().Order().ToList();
        return values.Count == 0 ? null
            : values.Count % 2 == 1 ? values[values.Count / 2]
            : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }
}
