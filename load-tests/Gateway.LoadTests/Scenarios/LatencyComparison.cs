using Gateway.LoadTests.Cli;
using Gateway.LoadTests.OpenModel;
using Gateway.LoadTests.Outcomes;
using Gateway.LoadTests.Senders;
using Gateway.LoadTests.Servers;
using Gateway.LoadTests.Wrk;

namespace Gateway.LoadTests.Scenarios;

/// <summary>
/// Latency below saturation, where a sender lives: the plain route and the callback route on each store, each at the
/// same constant arrival rate (half the plain route's maximum unless given), measured from each request's due time.
/// </summary>
internal sealed class LatencyComparison(LoadTestOptions options, Lab lab, LiveProgress progress, ICollection<EventLedger> ledgers)
{
    /// <summary>A short run at the same rate first, so the client's and the gateway's code is compiled before it counts.</summary>
    private static readonly TimeSpan LongestWarmUp = TimeSpan.FromSeconds(2);

    /// <summary>Runs the rows; <paramref name="saturation"/> is this run's closed-model comparison, if it ran.</summary>
    public async Task<LatencyReport> RunAsync(SaturationReport? saturation, CancellationToken cancellationToken)
    {
        var (rate, source) = options.LatencyRate is { } given ? (given, "--latency-rate")
            : (await PlainMaximumAsync(saturation?.Row(ScenarioNames.Plain)?.Median.RequestsPerSecond, cancellationToken) / 2, "half the plain route's maximum");

        using var sender = new HttpSender(maxConnectionsPerServer: 256);
        var memory = await lab.SharedGatewayAsync(withRedis: false, cancellationToken);
        var redis = await lab.SharedGatewayAsync(withRedis: true, cancellationToken);
        var rows = new List<OpenModelRow>
        {
            await RowAsync(ScenarioNames.Plain, rate, OpenModelRequests.Plain(sender, memory.BaseAddress), saturation, cancellationToken),
            await RowAsync(ScenarioNames.CallbackMemory, rate, Callbacks(sender, memory, ScenarioNames.CallbackMemory, "latmemory"), saturation, cancellationToken),
            await RowAsync(ScenarioNames.CallbackRedis, rate, Callbacks(sender, redis, ScenarioNames.CallbackRedis, "latredis"), saturation, cancellationToken),
        };
        return new LatencyReport(rate, source, options.OpenModelLength.TotalSeconds, rows);
    }

    private async Task<OpenModelRow> RowAsync(
        string name, double rate, Func<CancellationToken, Task<bool>> send, SaturationReport? saturation, CancellationToken cancellationToken)
    {
        var warmUp = options.WarmUp < LongestWarmUp ? options.WarmUp : LongestWarmUp;
        if (warmUp > TimeSpan.Zero)
        {
            await OpenModelRunner.RunAsync(rate, warmUp, send, progress.Start($"latency {name} warm-up"), cancellationToken);
        }

        var result = await OpenModelRunner.RunAsync(rate, options.OpenModelLength, send, progress.Start($"latency {name} at {rate:0} req/s"), cancellationToken);
        return new OpenModelRow(name, result, rate / saturation?.Row(name)?.Median.RequestsPerSecond);
    }

    private Func<CancellationToken, Task<bool>> Callbacks(HttpSender sender, GatewayProcess gateway, string row, string tag)
    {
        var events = new EventIds(tag);
        var ledger = new EventLedger($"{ScenarioNames.Latency} {row}", events.Prefix, Sending.Once);
        ledgers.Add(ledger);
        return OpenModelRequests.Callbacks(sender, gateway.BaseAddress, events, ledger);
    }

    /// <summary>The plain route's maximum from the comparison, or from one wrk run of its own when the comparison did not run it.</summary>
    private async Task<double> PlainMaximumAsync(double? measured, CancellationToken cancellationToken)
    {
        if (measured is { } maximum)
        {
            return maximum;
        }

        var gateway = await lab.SharedGatewayAsync(withRedis: false, cancellationToken);
        var wrk = new WrkRunner(lab.Directory, options.Connections, options.WrkThreads);
        var result = await progress.TimedAsync(
            "latency: the plain route's maximum", options.RoundLength, () => wrk.RunAsync(new Uri(gateway.BaseAddress, GatewayConfig.PlainPath), options.RoundLength, null, cancellationToken));
        return result.RequestsPerSecond;
    }
}
