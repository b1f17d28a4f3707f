using Gateway.LoadTests.Cli;
using Gateway.LoadTests.Outcomes;
using Gateway.LoadTests.Reporting;
using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.Scenarios;

/// <summary>
/// Runs the selected scenarios in a fixed order (the closed-model comparison first, so the latency rows can use its
/// plain maximum), then checks every scenario's events against the backend's delivery log, once every answer is in.
/// </summary>
internal sealed class LoadTestRun(LoadTestOptions options, Lab lab, LiveProgress progress)
{
    private readonly List<EventLedger> _ledgers = [];

    public async Task<ScenarioResults> RunAsync(CancellationToken cancellationToken)
    {
        SaturationReport? saturation = null;
        RedisKeyMemory? redisKeys = null;
        if (ScenarioNames.Saturation.Any(options.Runs))
        {
            (saturation, redisKeys) = await new SaturationComparison(options, lab, progress, _ledgers).RunAsync(cancellationToken);
        }

        var latency = options.Runs(ScenarioNames.Latency)
            ? await new LatencyComparison(options, lab, progress, _ledgers).RunAsync(saturation, cancellationToken)
            : null;

        var storms = new List<StormReport>();
        if (options.Runs(ScenarioNames.DuplicateStorm))
        {
            storms.Add(await new DuplicateStorm(options, lab, progress, _ledgers).RunAsync(cancellationToken));
        }

        if (options.Runs(ScenarioNames.RetryStorm))
        {
            storms.Add(await new RetryStorm(options, lab, progress, _ledgers).RunAsync(cancellationToken));
        }

        var soak = options.Runs(ScenarioNames.Soak) ? await new Soak(options, lab, progress, _ledgers).RunAsync(cancellationToken) : null;
        var store = options.Runs(ScenarioNames.MemoryStore)
            ? await progress.StepAsync($"in-memory store: {options.StoreEvents:N0} events", () => InMemoryStoreCost.MeasureAsync(options.Layout, options.StoreEvents))
            : null;

        var outcomes = await progress.StepAsync("outcome checks: the backend's delivery log", () => CheckOutcomesAsync(cancellationToken));
        return new ScenarioResults(saturation, redisKeys, latency, storms, soak, store, outcomes);
    }

    private async Task<IReadOnlyList<OutcomeResult>> CheckOutcomesAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(BackendNginx.LogFlushDelay, cancellationToken);
        var log = DeliveryLog.Read(lab.Backend.DeliveryLog);
        return [.. _ledgers.Select(ledger => OutcomeCheck.Evaluate(ledger, log))];
    }
}
