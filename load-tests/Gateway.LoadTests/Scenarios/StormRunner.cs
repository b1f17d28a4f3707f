using Gateway.LoadTests.Cli;
using Gateway.LoadTests.OpenModel;
using Gateway.LoadTests.Outcomes;
using Gateway.LoadTests.Senders;
using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.Scenarios;

/// <summary>
/// What both storms do: new events at a constant rate (open model), each as concurrent copies spread over the gateway
/// instances, every copy retried until accepted; every answer tallied, the gateways' own counts read around it.
/// </summary>
internal sealed class StormRunner(LoadTestOptions options, LiveProgress progress)
{
    public async Task<StormReport> RunAsync(
        string name, IReadOnlyList<GatewayProcess> gateways, EventIds events, EventLedger ledger, int copies, bool numberAttempts, CancellationToken cancellationToken)
    {
        using var http = new HttpSender(maxConnectionsPerServer: 256);
        var answers = new AnswerTally();
        var sender = new RetryingSender(http, answers, ledger, numberAttempts);

        var before = await GatewayOutcomes.ReadAsync(gateways, cancellationToken);
        var result = await OpenModelRunner.RunAsync(
            options.StormRate, options.StormLength, SendEventAsync, progress.Start($"{name} at {options.StormRate:0} events/s"), cancellationToken);
        var after = await GatewayOutcomes.ReadAsync(gateways, cancellationToken);

        return new StormReport(
            name, options.StormRate, options.StormLength.TotalSeconds, result.Scheduled, copies, gateways.Count, answers.Total, answers.ByStatus(),
            result.Latency, result.LateStarts, GatewayOutcomes.Delta(before, after));

        async Task<bool> SendEventAsync(CancellationToken cancellation)
        {
            var eventId = events.Next();
            ledger.Sent(eventId);
            var callback = CallbackSigner.Sign(eventId, DateTimeOffset.UtcNow);
            var accepted = await Task.WhenAll(Enumerable.Range(0, copies)
                .Select(copy => sender.SendUntilAcceptedAsync(gateways[copy % gateways.Count].BaseAddress, callback, cancellation)));
            return accepted.All(ok => ok);
        }
    }
}
