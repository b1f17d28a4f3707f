using Gateway.LoadTests.Outcomes;
using Gateway.LoadTests.Senders;
using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.Scenarios;

/// <summary>
/// What one row of the comparison drives and measures: where wrk sends; whose CPU counts as the front's (the gateway,
/// or nginx as proxy) and Redis'; the gateway whose allocations count; and, for callback rows, whose events they are.
/// </summary>
internal sealed record SaturationTarget(
    string Name,
    Uri Url,
    Func<TimeSpan>? FrontCpu,
    Func<TimeSpan>? RedisCpu,
    GatewayProcess? Gateway,
    EventIds? Events,
    EventLedger? Ledger);
