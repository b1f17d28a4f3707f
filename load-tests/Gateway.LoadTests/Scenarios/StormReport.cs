using Gateway.LoadTests.OpenModel;

namespace Gateway.LoadTests.Scenarios;

/// <summary>
/// One storm: events at a constant rate, each sent as <see cref="Copies"/> concurrent copies, every copy retried until
/// accepted; the answers senders got by status (0: none), the time from an event's due time until every copy was
/// accepted, and what the gateways counted.
/// </summary>
internal sealed record StormReport(
    string Name,
    double EventsPerSecond,
    double Seconds,
    long Events,
    int Copies,
    int Gateways,
    long Requests,
    IReadOnlyDictionary<int, long> AnswersByStatus,
    LatencySummary TimeToAcceptance,
    long LateStarts,
    IReadOnlyDictionary<string, double> GatewayOutcomes);
