using Gateway.LoadTests.Cli;
using Gateway.LoadTests.Outcomes;
using Gateway.LoadTests.Senders;
using Gateway.LoadTests.Servers;
using Gateway.LoadTests.Wrk;

namespace Gateway.LoadTests.Scenarios;

/// <summary>
/// The closed-model comparison: each selected row driven to saturation by wrk, once to warm up and then once per round,
/// the rows alternating within each round so that drift in the machine's other load touches every row alike; medians
/// over the rounds. The callback rows' events are checked like every scenario's.
/// </summary>
internal sealed class SaturationComparison(LoadTestOptions options, Lab lab, LiveProgress progress, ICollection<EventLedger> ledgers)
{
    private readonly WrkRunner _wrk = new(lab.Directory, options.Connections, options.WrkThreads);
    private readonly CallbackBudget _budget = new(options.Connections);

    public async Task<(SaturationReport Report, RedisKeyMemory? RedisKeys)> RunAsync(CancellationToken cancellationToken)
    {
        var targets = new List<SaturationTarget>();
        foreach (var name in ScenarioNames.Saturation.Where(options.Runs))
        {
            targets.Add(await TargetAsync(name, cancellationToken));
        }

        var redis = options.Runs(ScenarioNames.CallbackRedis) ? await lab.RedisAsync(cancellationToken) : null;
        var usedMemoryBefore = redis is null ? 0 : await redis.UsedMemoryAsync();

        if (options.WarmUp > TimeSpan.Zero)
        {
            foreach (var target in targets)
            {
                await MeasureAsync(target, "warm-up", options.WarmUp, cancellationToken);
            }
        }

        var rounds = targets.ToDictionary(target => target.Name, _ => new List<SaturationSample>());
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var target in targets)
            {
                rounds[target.Name].Add(await MeasureAsync(target, $"round {round}", options.RoundLength, cancellationToken));
            }
        }

        var report = new SaturationReport(
            options.Rounds,
            options.RoundLength.TotalSeconds,
            options.WarmUp.TotalSeconds,
            options.Connections,
            options.WrkThreads,
            [.. targets.Select(target => new SaturationRow(target.Name, Medians.Of(rounds[target.Name]), rounds[target.Name]))]);
        var redisKeys = redis is null
            ? null
            : await progress.StepAsync("Redis: bytes per dedup key", () => RedisKeyCost.MeasureAsync(redis, usedMemoryBefore));
        return (report, redisKeys);
    }

    private async Task<SaturationTarget> TargetAsync(string name, CancellationToken cancellationToken)
    {
        switch (name)
        {
            case ScenarioNames.NginxDirect:
                return new SaturationTarget(name, new Uri(lab.Backend.BaseAddress, GatewayConfig.PlainPath), null, null, null, null, null);
            case ScenarioNames.NginxProxy:
                var proxy = await lab.ProxyAsync(cancellationToken);
                return new SaturationTarget(name, new Uri(proxy.BaseAddress, GatewayConfig.PlainPath), () => proxy.CpuTime, null, null, null, null);
            case ScenarioNames.Plain:
                var gateway = await lab.SharedGatewayAsync(withRedis: false, cancellationToken);
                return new SaturationTarget(name, new Uri(gateway.BaseAddress, GatewayConfig.PlainPath), () => gateway.CpuTime, null, gateway, null, null);
            case ScenarioNames.PlainPost:
                var posted = await lab.SharedGatewayAsync(withRedis: false, cancellationToken);
                return new SaturationTarget(
                    name, new Uri(posted.BaseAddress, GatewayConfig.PlainPostPath), () => posted.CpuTime, null, posted, new EventIds("wrkpost"), null);
            default:
                var withRedis = name == ScenarioNames.CallbackRedis;
                var callbackGateway = await lab.SharedGatewayAsync(withRedis, cancellationToken);
                var redis = withRedis ? await lab.RedisAsync(cancellationToken) : null;
                var events = new EventIds(withRedis ? "wrkredis" : "wrkmemory");
                var ledger = new EventLedger(name, events.Prefix, Sending.Once);
                ledgers.Add(ledger);
                return new SaturationTarget(
                    name, new Uri(callbackGateway.BaseAddress, GatewayConfig.CallbackPath), () => callbackGateway.CpuTime, redis is null ? null : () => redis.CpuTime, callbackGateway, events, ledger);
        }
    }

    private async Task<SaturationSample> MeasureAsync(SaturationTarget target, string phase, TimeSpan length, CancellationToken cancellationToken)
    {
        var callbacks = target.Events is null
            ? null
            : await progress.StepAsync(
                $"{target.Name} {phase}: signing callbacks",
                () => PresignedCallbacks.WriteAsync(lab.Directory.File("callbacks.txt"), target.Events, _budget.EventsFor(length), cancellationToken));

        var frontBefore = target.FrontCpu?.Invoke();
        var redisBefore = target.RedisCpu?.Invoke();
        var allocatedBefore = target.Gateway is null ? (double?)null : (await target.Gateway.ReadMetricsAsync(cancellationToken)).AllocatedBytes;

        var result = await progress.TimedAsync($"{target.Name} {phase}", length, () => _wrk.RunAsync(target.Url, length, callbacks, cancellationToken));

        var frontCpu = target.FrontCpu?.Invoke() - frontBefore;
        var redisCpu = target.RedisCpu?.Invoke() - redisBefore;
        var allocated = target.Gateway is null ? (double?)null : (await target.Gateway.ReadMetricsAsync(cancellationToken)).AllocatedBytes - allocatedBefore;

        if (callbacks is not null)
        {
            File.Delete(callbacks.Path);
            target.Ledger?.Sent(result.SentEventIds); // plain-post's bodies are not callbacks: nothing to check
            target.Ledger?.Acknowledged(result.AcknowledgedEventIds, result.UnnamedAcknowledgements);
            if (result.Exhausted)
            {
                throw new InvalidOperationException($"{target.Name} {phase}: wrk ran out of the {callbacks.Ids.Count} callbacks signed for it; the budget's margin is too small for this machine.");
            }
        }

        if (target.Gateway is not null)
        {
            _budget.Observe(result.RequestsPerSecond);
        }

        double? PerRequest(double? total) => result.Requests == 0 ? null : total / result.Requests;
        return new SaturationSample(
            result.RequestsPerSecond,
            result.Latency,
            PerRequest(frontCpu?.TotalMicroseconds),
            PerRequest(redisCpu?.TotalMicroseconds),
            PerRequest(allocated),
            result.Requests,
            result.Errors);
    }
}
