using Gateway.LoadTests.OpenModel;

namespace Gateway.LoadTests.Scenarios;

/// <summary>A row of the open-model latency comparison.</summary>
internal sealed record OpenModelRow(string Name, OpenModelResult Result);
