using Gateway.LoadTests.Cli;
using Gateway.LoadTests.Outcomes;
using Gateway.LoadTests.Senders;
using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.Scenarios;

/// <summary>
/// The backend fails a fifth of first deliveries with 500 (see <see cref="BackendNginx"/>); the gateway must release
/// those claims so that the senders' retries, with backoff, are delivered, each exactly once.
/// </summary>
internal sealed class RetryStorm(LoadTestOptions options, Lab lab, LiveProgress progress, ICollection<EventLedger> ledgers)
{
    public async Task<StormReport> RunAsync(CancellationToken cancellationToken)
    {
        var gateway = await lab.SharedGatewayAsync(withRedis: true, cancellationToken);
        var events = new EventIds("retrystorm");
        var ledger = new EventLedger(ScenarioNames.RetryStorm, events.Prefix, Sending.UntilAccepted, backendFailsSome: true);
        ledgers.Add(ledger);
        return await new StormRunner(options, progress).RunAsync(
            ScenarioNames.RetryStorm, [gateway], events, ledger, copies: 1, numberAttempts: true, cancellationToken);
    }
}
