using Gateway.LoadTests.Cli;
using Gateway.LoadTests.Outcomes;
using Gateway.LoadTests.Senders;
using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.Scenarios;

/// <summary>
/// Every event sent as five concurrent copies through two gateway instances sharing one Redis: a sender's retries
/// racing each other across instances. Exactly one copy may reach the backend; the others get 409 (in flight, retried
/// after Retry-After) or the duplicate answer.
/// </summary>
internal sealed class DuplicateStorm(LoadTestOptions options, Lab lab, LiveProgress progress, ICollection<EventLedger> ledgers)
{
    public const int Copies = 5;

    public async Task<StormReport> RunAsync(CancellationToken cancellationToken)
    {
        await using var first = await lab.StartGatewayAsync("storm-a", withRedis: true, cancellationToken);
        await using var second = await lab.StartGatewayAsync("storm-b", withRedis: true, cancellationToken);
        var events = new EventIds("dupstorm");
        var ledger = new EventLedger(ScenarioNames.DuplicateStorm, events.Prefix, Sending.CopiesUntilAccepted);
        ledgers.Add(ledger);
        return await new StormRunner(options, progress).RunAsync(
            ScenarioNames.DuplicateStorm, [first, second], events, ledger, Copies, numberAttempts: false, cancellationToken);
    }
}
