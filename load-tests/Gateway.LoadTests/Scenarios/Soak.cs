using Gateway.LoadTests.Cli;
using Gateway.LoadTests.OpenModel;
using Gateway.LoadTests.Outcomes;
using Gateway.LoadTests.Senders;
using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.Scenarios;

/// <summary>
/// Steady callbacks through the Redis store for minutes, to see whether the gateway's memory settles: a fresh instance
/// (no other scenario's heap in it), a warm-up at the same rate first, then its RSS sampled every second. The first and
/// last windows are a minute each, or a third of a shorter soak.
/// </summary>
internal sealed class Soak(LoadTestOptions options, Lab lab, LiveProgress progress, ICollection<EventLedger> ledgers)
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestWindow = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);

    public async Task<SoakReport> RunAsync(CancellationToken cancellationToken)
    {
        await using var gateway = await lab.StartGatewayAsync("soak", withRedis: true, cancellationToken);
        using var sender = new HttpSender(maxConnectionsPerServer: 256);
        var events = new EventIds("soak");
        var ledger = new EventLedger(ScenarioNames.Soak, events.Prefix, Sending.Once);
        ledgers.Add(ledger);
        var send = OpenModelRequests.Callbacks(sender, gateway.BaseAddress, events, ledger);

        if (!options.Smoke)
        {
            await OpenModelRunner.RunAsync(options.SoakRate, WarmUp, send, progress.Start("soak warm-up"), cancellationToken);
        }

        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var samples = SampleResidentMemoryAsync(gateway, sampling.Token);
        var load = await OpenModelRunner.RunAsync(
            options.SoakRate, options.SoakLength, send, progress.Start($"soak at {options.SoakRate:0} callbacks/s for {options.SoakLength.TotalSeconds:0} s"), cancellationToken);
        await sampling.CancelAsync();
        var residentBytes = await samples;

        var window = options.SoakLength / 3 < LongestWindow ? options.SoakLength / 3 : LongestWindow;
        var perWindow = Math.Max(1, (int)(window / SampleInterval));
        var first = (long)Medians.Of(residentBytes.Take(perWindow), bytes => bytes)!.Value;
        var last = (long)Medians.Of(residentBytes.TakeLast(perWindow), bytes => bytes)!.Value;
        var flat = options.Smoke ? (bool?)null : Math.Abs(last - first) <= SoakReport.FlatWithin * first;
        return new SoakReport(options.SoakRate, options.SoakLength.TotalSeconds, window.TotalSeconds, residentBytes, first, last, flat, load);
    }

    private static async Task<IReadOnlyList<long>> SampleResidentMemoryAsync(GatewayProcess gateway, CancellationToken cancellationToken)
    {
        var samples = new List<long> { gateway.ResidentBytes };
        using var timer = new PeriodicTimer(SampleInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                samples.Add(gateway.ResidentBytes);
            }
        }
        catch (OperationCanceledException)
        {
            // The load has ended: so has sampling.
        }

        return samples;
    }
}
