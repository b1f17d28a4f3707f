using Gateway.LoadTests.Outcomes;
using Gateway.LoadTests.Scenarios;

namespace Gateway.LoadTests.Reporting;

/// <summary>Everything a run measured and checked; sections are null (or empty) for scenarios it did not run.</summary>
internal sealed record ScenarioResults(
    SaturationReport? Saturation,
    RedisKeyMemory? RedisKeys,
    LatencyReport? Latency,
    IReadOnlyList<StormReport> Storms,
    SoakReport? Soak,
    InMemoryStoreMemory? InMemoryStore,
    IReadOnlyList<OutcomeResult> Outcomes)
{
    public bool OutcomesPassed => Outcomes.All(outcome => outcome.Passed);

    /// <summary>How the outcome checks ended, in a sentence.</summary>
    public string OutcomeVerdict => Outcomes.Count == 0 ? "no callback scenario ran, so nothing was checked"
        : OutcomesPassed ? "passed: every event acknowledged to a sender was delivered exactly once, none twice"
        : "FAILED: an event was delivered twice or never (see the outcome table)";
}
