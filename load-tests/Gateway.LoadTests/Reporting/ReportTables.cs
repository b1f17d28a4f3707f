using System.Globalization;
using Gateway.LoadTests.OpenModel;
using Gateway.LoadTests.Scenarios;

namespace Gateway.LoadTests.Reporting;

/// <summary>The tables of a report, section by section, for whichever scenarios ran.</summary>
internal static class ReportTables
{
    public static IReadOnlyList<ResultTable> Build(ScenarioResults results) =>
    [
        .. Saturation(results.Saturation),
        .. Latency(results.Latency),
        .. Storms(results.Storms),
        .. Soak(results.Soak),
        .. Memory(results.RedisKeys, results.InMemoryStore),
        Outcomes(results),
    ];

    private static IEnumerable<ResultTable> Saturation(SaturationReport? report)
    {
        if (report is null)
        {
            yield break;
        }

        yield return new ResultTable(
            $"Closed model (wrk, {report.Connections} connections, {Plural(report.WrkThreads, "thread")}): medians of {Plural(report.Rounds, "round")} of {report.RoundSeconds:0} s, rows alternated",
            ["row", "req/s", "p50 ms", "p99 ms", "p99.9 ms", "front CPU μs/req", "Redis CPU μs/req", "allocated B/req", "errors"],
            [.. report.Rows.Select(row => (IReadOnlyList<string>)
            [
                row.Name,
                Format.Rate(row.Median.RequestsPerSecond),
                Format.Ms(row.Median.Latency.P50),
                Format.Ms(row.Median.Latency.P99),
                Format.Ms(row.Median.Latency.P999),
                Format.Micros(row.Median.FrontCpuMicroseconds),
                Format.Micros(row.Median.RedisCpuMicroseconds),
                Format.Bytes(row.Median.AllocatedBytes),
                Format.Count(row.Median.Errors),
            ])],
            $"Warm-up {report.WarmUpSeconds:0} s per row first. Front CPU: the gateway's (or the proxy nginx's) utime + stime over the run / requests; errors: all rounds together.");

        yield return new ResultTable(
            "Ratios of the medians",
            ["comparison", "throughput", "front CPU per request"],
            [
                ["callback-memory / plain", Format.Ratio(report.CallbackMemoryToPlainThroughput), Format.Ratio(report.CallbackMemoryToPlainCpuPerRequest)],
                ["callback-redis / plain", Format.Ratio(report.CallbackRedisToPlainThroughput), Format.Ratio(report.CallbackRedisToPlainCpuPerRequest)],
                ["callback-memory / plain-post", Format.Ratio(report.CallbackMemoryToPlainPostThroughput), Format.Ratio(report.CallbackMemoryToPlainPostCpuPerRequest)],
                ["callback-redis / plain-post", Format.Ratio(report.CallbackRedisToPlainPostThroughput), Format.Ratio(report.CallbackRedisToPlainPostCpuPerRequest)],
                ["plain (gateway) / nginx-proxy", Format.Ratio(report.PlainToNginxProxyThroughput), Format.Ratio(report.PlainToNginxProxyCpuPerRequest)],
            ]);
    }

    private static IEnumerable<ResultTable> Latency(LatencyReport? report)
    {
        if (report is null)
        {
            yield break;
        }

        yield return new ResultTable(
            $"Open model at {Format.Rate(report.Rate)} req/s ({report.RateSource}), {report.Seconds:0} s per row, latency from each request's due time",
            ["row", "of the row's max", "due", "accepted", "late starts", "client CPU μs/req", "p50 ms", "p99 ms", "p99.9 ms", "max ms"],
            [.. report.Rows.Select(row => (IReadOnlyList<string>)
            [
                row.Name,
                row.LoadOfSaturation is { } load ? Format.Share(load) : "—",
                Format.Count(row.Result.Scheduled),
                Format.Count(row.Result.Accepted),
                Format.Count(row.Result.LateStarts),
                Format.Micros(row.Result.ClientCpuMicroseconds),
                Format.Ms(row.Result.Latency.P50),
                Format.Ms(row.Result.Latency.P99),
                Format.Ms(row.Result.Latency.P999),
                Format.Ms(row.Result.Latency.Max),
            ])],
            $"Callback p99 − plain p99: in-memory store {Format.SignedMs(report.CallbackMemoryP99MinusPlain)}, Redis store {Format.SignedMs(report.CallbackRedisP99MinusPlain)}. " +
            $"Of the row's max: the arrival rate over the row's closed-model req/s above (past 100 %, requests queue and latency grows with the run). " +
            $"Late starts: requests this client itself sent more than {OpenModelRunner.LateStartTolerance.TotalMilliseconds:0} ms after their due time (their latency still counts from it). " +
            "Client CPU: this tool's, which shares the cores with the servers.");
    }

    private static IEnumerable<ResultTable> Storms(IReadOnlyList<StormReport> storms)
    {
        if (storms.Count == 0)
        {
            yield break;
        }

        yield return new ResultTable(
            "Storms: senders retrying until accepted (open model, events at a constant rate)",
            ["storm", "events", "copies × gateways", "requests", "answers by status", "accepted after p50 / p99 / max ms", "gateway outcomes"],
            [.. storms.Select(storm => (IReadOnlyList<string>)
            [
                storm.Name,
                $"{Format.Count(storm.Events)} at {storm.EventsPerSecond:0}/s",
                $"{storm.Copies} × {storm.Gateways}",
                Format.Count(storm.Requests),
                string.Join(", ", storm.AnswersByStatus.Select(pair => $"{(pair.Key == 0 ? "none" : pair.Key.ToString(CultureInfo.InvariantCulture))}: {Format.Count(pair.Value)}")),
                $"{Format.Ms(storm.TimeToAcceptance.P50)} / {Format.Ms(storm.TimeToAcceptance.P99)} / {Format.Ms(storm.TimeToAcceptance.Max)}",
                string.Join(", ", storm.GatewayOutcomes.Select(pair => $"{pair.Key}: {Format.Count((long)pair.Value)}")),
            ])],
            "Accepted after: from an event's due time until every copy of it was answered 2xx, retries and Retry-After waits included.");
    }

    private static IEnumerable<ResultTable> Soak(SoakReport? soak)
    {
        if (soak is null)
        {
            yield break;
        }

        yield return new ResultTable(
            $"Soak: {soak.Rate:0} callbacks/s for {soak.Seconds:0} s through the Redis store, the gateway's RSS every second",
            ["first window median", "last window median", "change", "flat within 10 %", "accepted / due", "late starts", "p50 / p99 / p99.9 ms"],
            [[
                Format.MiB(soak.FirstWindowMedianBytes),
                Format.MiB(soak.LastWindowMedianBytes),
                Format.Percent(soak.Change),
                soak.Flat switch { true => "yes", false => "NO", null => "not judged" },
                $"{Format.Count(soak.Load.Accepted)} / {Format.Count(soak.Load.Scheduled)}",
                Format.Count(soak.Load.LateStarts),
                $"{Format.Ms(soak.Load.Latency.P50)} / {Format.Ms(soak.Load.Latency.P99)} / {Format.Ms(soak.Load.Latency.P999)}",
            ]],
            $"Windows of {soak.WindowSeconds:0} s ({soak.ResidentBytes.Count} samples in all), after a warm-up at the same rate.");
    }

    private static IEnumerable<ResultTable> Memory(RedisKeyMemory? redis, InMemoryStoreMemory? store)
    {
        var rows = new List<IReadOnlyList<string>>();
        if (redis is not null)
        {
            rows.Add(["Redis: MEMORY USAGE per dedup key (median)", $"{Format.Bytes(redis.MedianMemoryUsageBytes)} B", $"{redis.Sampled} keys sampled of {Format.Count(redis.Keys)}"]);
            rows.Add(["Redis: used_memory growth / keys", $"{Format.Bytes(redis.UsedMemoryPerKeyBytes)} B", "over the callback-redis rows"]);
        }

        if (store is not null)
        {
            rows.Add(["In-memory store: heap per delivered event", $"{Format.Bytes(store.BytesPerEvent)} B", $"{Format.Count(store.Events)} events claimed and marked done"]);
        }

        if (rows.Count > 0)
        {
            yield return new ResultTable("Memory per event", ["what", "bytes", "how"], rows);
        }
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static ResultTable Outcomes(ScenarioResults results) => new(
        "Outcome checks: the backend's delivery log against what the senders were told",
        ["scenario", "sent", "acknowledged", "delivered", "twice", "never", "refused by backend", "duplicate answers", "result"],
        [.. results.Outcomes.Select(outcome => (IReadOnlyList<string>)
        [
            outcome.Scenario,
            Format.Count(outcome.Sent),
            Format.Count(outcome.Acknowledged),
            Format.Count(outcome.Delivered),
            Format.Count(outcome.DeliveredTwice),
            Format.Count(outcome.NeverDelivered),
            Format.Count(outcome.RefusedByBackend),
            Format.Count(outcome.DuplicateAnswers),
            outcome.Passed ? "passed" : "FAILED: " + string.Join("; ", outcome.Problems),
        ])],
        "Acknowledged: answered 2xx to the sender. Delivered: answered 2xx by the backend. A check fails on any event delivered twice, "
        + "acknowledged but never delivered, or delivered without being sent. wrk cannot tell which answer was for which request: for its rows, "
        + "acknowledged events are those named by 2xx answers (the backend answers with the event id), and sent events still in flight when wrk stopped are neither.");
}
