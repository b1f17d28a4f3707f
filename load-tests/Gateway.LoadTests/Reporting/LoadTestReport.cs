namespace Gateway.LoadTests.Reporting;

/// <summary>One run: how it was started, on what machine, and what it found.</summary>
internal sealed record LoadTestReport(string Command, DateTimeOffset Started, double Seconds, bool Smoke, MachineDescription Machine, ScenarioResults Results);
