using Gateway.LoadTests.OpenModel;

namespace Gateway.LoadTests.Scenarios;

/// <summary>
/// A row of the open-model latency comparison; <see cref="LoadOfSaturation"/> is its arrival rate over the same row's
/// closed-model maximum in this run, when that was measured (above 1: more than the row can serve, so requests queue).
/// </summary>
internal sealed record OpenModelRow(string Name, OpenModelResult Result, double? LoadOfSaturation);
