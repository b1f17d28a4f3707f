using System.Globalization;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.Observability;

/// <summary>The series a dashboard and the alert rules read exist from startup, follow configuration, and tell the store's state.</summary>
public sealed class MetricSeriesTests
{
    [Fact]
    public async Task Startup_BeforeAnyTraffic_EveryConfiguredSeriesScrapedAtZero()
    {
        await using var backend = await Backend.StartAsync();
        await using var gateway = await GatewayInstance.StartAsync(TestCallbacks.Config(backend.Address));

        var metrics = await ScrapeAsync(gateway);

        Assert.Equal(0, Value(metrics, "gateway_callbacks_total", "route=\"hooks\"", "policy=\"hooks\"", "outcome=\"forwarded\""));
        Assert.Equal(0, Value(metrics, "gateway_callbacks_total", "route=\"hooks\"", "outcome=\"invalid_signature\""));
        Assert.Equal(0, Value(metrics, "gateway_callbacks_total", "route=\"rest\"", "policy=\"\"", "outcome=\"forged_header\""));
        Assert.Null(Value(metrics, "gateway_callbacks_total", "route=\"rest\"", "outcome=\"forwarded\""));
        Assert.Equal(0, Value(metrics, "gateway_verification_duration_seconds_count", "policy=\"hooks\""));
        Assert.Equal(0, Value(metrics, "gateway_callback_forward_duration_seconds_count", "policy=\"hooks\""));
        Assert.Equal(0, Value(metrics, "gateway_dedup_skipped_total", "policy=\"hooks\""));
        Assert.Equal(0, Value(metrics, "gateway_dedup_store_duration_seconds_count", "operation=\"mark_done\""));
        Assert.Equal(0, Value(metrics, "gateway_dedup_settle_failures_total", "operation=\"release\""));
        Assert.Equal(0, Value(metrics, "gateway_dedup_settle_retries_pending"));
        Assert.Equal(1, Value(metrics, "gateway_dedup_store_up")); // the in-memory store
        Assert.Equal(1, Value(metrics, "gateway_config_last_reload_successful"));
        Assert.Equal(0, Value(metrics, "gateway_config_reloads_total", "result=\"rejected\""));
        Assert.Empty(backend.Received);
    }

    [Fact]
    public async Task Reload_RouteAddedAndAnotherRemoved_SeriesFollowTheRoutes()
    {
        await using var backend = await Backend.StartAsync();
        var config = TestCallbacks.Config(backend.Address);
        await using var gateway = await GatewayInstance.StartAsync(config);
        var policy = config["CallbackPolicies"]![TestCallbacks.Policy]!.DeepClone().AsObject();

        config.WithCallbackRoute("payouts", "/hooks/payouts", policy);
        config["ReverseProxy"]!["Routes"]!.AsObject().Remove(TestCallbacks.Policy);
        config["CallbackPolicies"]!.AsObject().Remove(TestCallbacks.Policy);
        await gateway.RewriteConfigAsync(config.ToJsonString());

        var metrics = await PollAsync(gateway, text => Value(text, "gateway_callbacks_total", "route=\"payouts\"", "outcome=\"forwarded\"") is not null);
        Assert.Equal(0, Value(metrics, "gateway_callbacks_total", "route=\"payouts\"", "policy=\"payouts\"", "outcome=\"duplicate\""));
        Assert.Equal(0, Value(metrics, "gateway_verification_duration_seconds_count", "policy=\"payouts\""));
        Assert.DoesNotContain("\"hooks\"", metrics, StringComparison.Ordinal);
        Assert.Equal(1, Value(metrics, "gateway_config_reloads_total", "result=\"applied\""));
    }

    [Fact]
    public async Task Reload_InvalidChangeThenFixed_LastReloadSuccessfulFallsToZeroAndRecovers()
    {
        await using var backend = await Backend.StartAsync();
        var config = TestCallbacks.Config(backend.Address);
        await using var gateway = await GatewayInstance.StartAsync(config);

        await gateway.RewriteConfigAsync("{ \"ReverseProxy\": ");
        var rejected = await PollAsync(gateway, text => Value(text, "gateway_config_last_reload_successful") == 0);
        // At least one: a rewrite can raise more than one change notification (truncate, then write), each a reload.
        Assert.True(Value(rejected, "gateway_config_reloads_total", "result=\"rejected\"") >= 1);

        // Back to exactly what is in force: nothing to apply, but what is written is no longer rejected.
        await gateway.RewriteConfigAsync(config.ToJsonString());
        await PollAsync(gateway, text => Value(text, "gateway_config_last_reload_successful") == 1);
    }

    [Fact]
    public async Task StoreUp_RedisStoppedAndStartedAgain_FollowsTheStore()
    {
        var redis = new RedisServer();
        await redis.StartAsync();
        try
        {
            await using var backend = await Backend.StartAsync();
            await using var gateway = await GatewayInstance.StartAsync(TestCallbacks.Config(backend.Address, redis.ConnectionString));
            Assert.Equal(1, Value(await ScrapeAsync(gateway), "gateway_dedup_store_up"));

            redis.Stop();
            await PollAsync(gateway, text => Value(text, "gateway_dedup_store_up") == 0);

            await redis.StartAsync();
            await PollAsync(gateway, text => Value(text, "gateway_dedup_store_up") == 1);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    private static Task<string> ScrapeAsync(GatewayInstance gateway) => gateway.Client.GetStringAsync("/metrics");

    /// <summary>Scrapes until <paramref name="condition"/> holds (a reload or a reconnect takes its time); fails if it never does.</summary>
    private static async Task<string> PollAsync(GatewayInstance gateway, Func<string, bool> condition)
    {
        var text = string.Empty;
        for (var i = 0; i < 100; i++)
        {
            text = await ScrapeAsync(gateway);
            if (condition(text))
            {
                return text;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the scraped metrics never met the condition; last scrape:\n{text}");
        return text;
    }

    /// <summary>The value of the one series of <paramref name="name"/> with every label given; null when there is none.</summary>
    private static double? Value(string metrics, string name, params string[] labels)
    {
        var matches = metrics.Split('\n')
            .Where(line => (line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
                && labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            .ToList();
        return matches.Count switch
        {
            0 => null,
            1 => double.Parse(matches[0][(matches[0].LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException($"{matches.Count} series of {name} match {string.Join(", ", labels)}"),
        };
    }
}
