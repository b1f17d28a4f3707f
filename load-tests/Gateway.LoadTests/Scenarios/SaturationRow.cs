namespace Gateway.LoadTests.Scenarios;

/// <summary>A row of the closed-model comparison: the median of each figure over the rounds, and every round's own.</summary>
internal sealed record SaturationRow(string Name, SaturationSample Median, IReadOnlyList<SaturationSample> Rounds);
