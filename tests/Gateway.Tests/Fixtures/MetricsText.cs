using System.Globalization;
using Prometheus;

namespace Gateway.Tests.Fixtures;

/// <summary>Reads one series from a gateway instance's own registry, as a scrape would see it.</summary>
public static class MetricsText
{
    /// <summary>The sum of the samples of <paramref name="name"/> whose labels contain every one of <paramref name="labels"/> (e.g. <c>outcome="stale"</c>).</summary>
    public static async Task<double> ValueAsync(CollectorRegistry registry, string name, params string[] labels)
    {
        using var text = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(text);
        var sum = 0.0;
        foreach (var line in System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n'))
        {
            if (line.StartsWith(name + "{", StringComparison.Ordinal) && labels.All(l => line.Contains(l, StringComparison.Ordinal)))
            {
                sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }
}
