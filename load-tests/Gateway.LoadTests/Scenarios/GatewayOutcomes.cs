using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.Scenarios;

/// <summary>The gateways' own count of callbacks by outcome (<c>gateway_callbacks_total</c>), summed over instances.</summary>
internal static class GatewayOutcomes
{
    public static async Task<IReadOnlyDictionary<string, double>> ReadAsync(IEnumerable<GatewayProcess> gateways, CancellationToken cancellationToken)
    {
        var total = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var gateway in gateways)
        {
            foreach (var (outcome, count) in (await gateway.ReadMetricsAsync(cancellationToken)).CallbacksByOutcome)
            {
                total[outcome] = total.GetValueOrDefault(outcome) + count;
            }
        }

        return total;
    }

    /// <summary>What changed between two readings, leaving out outcomes that did not happen.</summary>
    public static IReadOnlyDictionary<string, double> Delta(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after) =>
        new SortedDictionary<string, double>(
            after.Select(pair => (pair.Key, Count: pair.Value - before.GetValueOrDefault(pair.Key)))
                .Where(pair => pair.Count > 0)
                .ToDictionary(pair => pair.Key, pair => pair.Count, StringComparer.Ordinal),
            StringComparer.Ordinal);
}
