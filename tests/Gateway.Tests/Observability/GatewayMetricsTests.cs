using Gateway.Observability;
using Gateway.Tests.Fixtures;
using Prometheus;

namespace Gateway.Tests.Observability;

public sealed class GatewayMetricsTests
{
    [Fact]
    public async Task KeepSeries_CallbackRoute_ExportsEveryOutcomeOfThatRouteAtZero()
    {
        var metrics = new GatewayMetrics(new CollectorRegistry());

        metrics.KeepSeries([("hooks", "shop")], ["shop"]);
        var series = Series(await ExportAsync(metrics), "gateway_callbacks_total", "route=\"hooks\"");

        Assert.Equal(Enum.GetValues<CallbackOutcome>().Length, series.Count);
        foreach (var outcome in Enum.GetValues<CallbackOutcome>())
        {
            var line = Assert.Single(series, line => line.Contains($"outcome=\"{outcome.Label()}\"", StringComparison.Ordinal));
            Assert.Contains("policy=\"shop\"", line, StringComparison.Ordinal);
            Assert.EndsWith(" 0", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task KeepSeries_PlainRouteAndNoRoute_ExportOnlyForgedHeader()
    {
        var metrics = new GatewayMetrics(new CollectorRegistry());

        metrics.KeepSeries([("app", null)], []);
        var lines = await ExportAsync(metrics);

        Assert.Contains("outcome=\"forged_header\"", Assert.Single(Series(lines, "gateway_callbacks_total", "route=\"app\"")), StringComparison.Ordinal);
        Assert.Contains("outcome=\"forged_header\"", Assert.Single(Series(lines, "gateway_callbacks_total", "route=\"\"")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepSeries_EveryPolicy_ExportsItsHistogramsAndSkipCounterAtZero()
    {
        var metrics = new GatewayMetrics(new CollectorRegistry());

        metrics.KeepSeries([], ["shop", "payouts"]);

        foreach (var policy in new[] { "shop", "payouts" })
        {
            Assert.Equal(0, await MetricsText.ValueAsync(metrics.Registry, "gateway_verification_duration_seconds_count", $"policy=\"{policy}\""));
            Assert.Equal(0, await MetricsText.ValueAsync(metrics.Registry, "gateway_callback_forward_duration_seconds_count", $"policy=\"{policy}\""));
            Assert.Equal(0, await MetricsText.ValueAsync(metrics.Registry, "gateway_dedup_skipped_total", $"policy=\"{policy}\""));
        }
    }

    [Fact]
    public async Task KeepSeries_RouteAndPolicyRemoved_TheirSeriesGoAwayAndTheOthersKeepTheirCounts()
    {
        var metrics = new GatewayMetrics(new CollectorRegistry());
        metrics.KeepSeries([("old", "legacy"), ("hooks", "shop")], ["legacy", "shop"]);
        metrics.Count("old", "legacy", CallbackOutcome.Forwarded);
        metrics.Count("hooks", "shop", CallbackOutcome.Forwarded);
        metrics.ObserveVerification("legacy", TimeSpan.FromMilliseconds(1));

        metrics.KeepSeries([("hooks", "shop")], ["shop"]);
        var lines = await ExportAsync(metrics);

        Assert.DoesNotContain(lines, line => line.Contains("\"old\"", StringComparison.Ordinal) || line.Contains("\"legacy\"", StringComparison.Ordinal));
        Assert.Equal(1, await MetricsText.ValueAsync(metrics.Registry, "gateway_callbacks_total", "route=\"hooks\"", "outcome=\"forwarded\""));
    }

    [Fact]
    public async Task KeepSeries_RouteAddedBackAfterRemoval_CountsFromZeroAndCountsAgain()
    {
        var metrics = new GatewayMetrics(new CollectorRegistry());
        metrics.KeepSeries([("hooks", "shop")], ["shop"]);
        metrics.Count("hooks", "shop", CallbackOutcome.Forwarded);
        metrics.KeepSeries([], []);

        metrics.KeepSeries([("hooks", "shop")], ["shop"]);
        Assert.Equal(0, await MetricsText.ValueAsync(metrics.Registry, "gateway_callbacks_total", "route=\"hooks\"", "outcome=\"forwarded\""));
        metrics.Count("hooks", "shop", CallbackOutcome.Forwarded);

        // The cached child of the removed series must not swallow the count.
        Assert.Equal(1, await MetricsText.ValueAsync(metrics.Registry, "gateway_callbacks_total", "route=\"hooks\"", "outcome=\"forwarded\""));
    }

    [Fact]
    public async Task New_StoreOperationsAndSettleFailures_ExportedAtZeroBeforeAnyTraffic()
    {
        var metrics = new GatewayMetrics(new CollectorRegistry());

        foreach (var operation in new[] { StoreOperations.Claim, StoreOperations.MarkDone, StoreOperations.Release })
        {
            Assert.Equal(0, await MetricsText.ValueAsync(metrics.Registry, "gateway_dedup_store_duration_seconds_count", $"operation=\"{operation}\""));
        }

        Assert.Equal(0, await MetricsText.ValueAsync(metrics.Registry, "gateway_dedup_settle_failures_total", "operation=\"mark_done\""));
        Assert.Equal(0, await MetricsText.ValueAsync(metrics.Registry, "gateway_dedup_settle_failures_total", "operation=\"release\""));
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

    private static List<string> Series(string[] lines, string name, string label) =>
        [.. lines.Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) && line.Contains(label, StringComparison.Ordinal))];

    private static async Task<string[]> ExportAsync(GatewayMetrics metrics)
    {
        using var text = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(text);
        return System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n');
    }
}
