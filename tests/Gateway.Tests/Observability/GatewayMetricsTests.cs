using Gateway.Observability;
using Gateway.Tests.Fixtures;
using Prometheus;

namespace Gateway.Tests.Observability;

public sealed class GatewayMetricsTests
{
    [Fact]
    public async Task Count_FirstCallbackOfARoute_ExportsEveryOutcomeOfThatRouteAtZero()
    {
        var metrics = new GatewayMetrics(new CollectorRegistry());

        metrics.Count("hooks", "shop", CallbackOutcome.Duplicate);
        var lines = await ExportAsync(metrics);

        var series = lines.Where(line => line.StartsWith("gateway_callbacks_total{", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enum.GetValues<CallbackOutcome>().Length, series.Count);
        foreach (var outcome in Enum.GetValues<CallbackOutcome>())
        {
            var line = Assert.Single(series, line => line.Contains($"outcome=\"{outcome.Label()}\"", StringComparison.Ordinal));
            Assert.Contains("route=\"hooks\"", line, StringComparison.Ordinal);
            Assert.EndsWith(outcome == CallbackOutcome.Duplicate ? " 1" : " 0", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Count_EachOutcome_CountedUnderItsOwnLabel()
    {
        var metrics = new GatewayMetrics(new CollectorRegistry());
        var outcomes = Enum.GetValues<CallbackOutcome>();

        // Outcome i counted i + 1 times: a mix-up between outcomes and their series shows as a wrong count.
        for (var i = 0; i < outcomes.Length; i++)
        {
            for (var n = 0; n <= i; n++)
            {
                metrics.Count("hooks", "shop", outcomes[i]);
            }
        }

        for (var i = 0; i < outcomes.Length; i++)
        {
            Assert.Equal(i + 1, await MetricsText.ValueAsync(metrics.Registry, "gateway_callbacks_total", $"outcome=\"{outcomes[i].Label()}\""));
        }
    }

    [Fact]
    public async Task Count_TwoRoutesOfOnePolicy_CountedApart()
    {
        var metrics = new GatewayMetrics(new CollectorRegistry());

        metrics.Count("a", "shop", CallbackOutcome.Forwarded);
        metrics.Count("a", "shop", CallbackOutcome.Forwarded);
        metrics.Count("b", "shop", CallbackOutcome.Forwarded);

        Assert.Equal(2, await MetricsText.ValueAsync(metrics.Registry, "gateway_callbacks_total", "route=\"a\"", "outcome=\"forwarded\""));
        Assert.Equal(1, await MetricsText.ValueAsync(metrics.Registry, "gateway_callbacks_total", "route=\"b\"", "outcome=\"forwarded\""));
    }

    [Fact]
    public async Task Observe_SameLabelTwice_OneSeriesWithBothObservations()
    {
        var metrics = new GatewayMetrics(new CollectorRegistry());

        metrics.ObserveStore(StoreOperations.Claim, TimeSpan.FromMilliseconds(1));
        metrics.ObserveStore(StoreOperations.Claim, TimeSpan.FromMilliseconds(3));
        metrics.ObserveVerification("shop", TimeSpan.FromMilliseconds(2));

        Assert.Equal(2, await MetricsText.ValueAsync(metrics.Registry, "gateway_dedup_store_duration_seconds_count", "operation=\"claim\""));
        Assert.Equal(0.004, await MetricsText.ValueAsync(metrics.Registry, "gateway_dedup_store_duration_seconds_sum", "operation=\"claim\""), 6);
        Assert.Equal(1, await MetricsText.ValueAsync(metrics.Registry, "gateway_verification_duration_seconds_count", "policy=\"shop\""));
    }

    private static async Task<string[]> ExportAsync(GatewayMetrics metrics)
    {
        using var text = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(text);
        return System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n');
    }
}
