using System.Globalization;

namespace Gateway.LoadTests.Servers;

/// <summary>The figures this tool reads from a gateway's <c>/metrics</c>: bytes it has allocated so far, and its callbacks by outcome.</summary>
internal sealed record GatewayMetrics(double AllocatedBytes, IReadOnlyDictionary<string, double> CallbacksByOutcome)
{
    private const string Allocated = "system_runtime_dotnet_gc_heap_total_allocated";
    private const string CallbacksTotal = "gateway_callbacks_total{";
    private const string OutcomeLabel = "outcome=\"";

    /// <summary>Reads Prometheus' text format: one <c>name{labels} value</c> a line.</summary>
    public static GatewayMetrics Parse(string text)
    {
        double? allocated = null;
        var outcomes = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(Allocated + " ", StringComparison.Ordinal))
            {
                allocated = Value(line);
            }
            else if (line.StartsWith(CallbacksTotal, StringComparison.Ordinal))
            {
                var start = line.IndexOf(OutcomeLabel, StringComparison.Ordinal) + OutcomeLabel.Length;
                var outcome = line[start..line.IndexOf('"', start)];
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + Value(line);
            }
        }

        return new GatewayMetrics(
            allocated ?? throw new InvalidOperationException($"The gateway's /metrics has no {Allocated}."),
            outcomes);
    }

    private static double Value(string line) => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
}
