using System.Diagnostics;
using Gateway.LoadTests.Servers;
using Spectre.Console;

namespace Gateway.LoadTests.OpenModel;

/// <summary>
/// Sends on a fixed schedule, as independent senders do: request i is due at start + i / rate, whether or not earlier
/// ones have been answered. Its latency runs from that due time, not from when it was actually sent, so time a stalled
/// server keeps requests waiting (or keeps this client from sending them) is counted, not omitted.
/// </summary>
internal static class OpenModelRunner
{
    /// <summary>A request started later than this after its due time missed the schedule: the client, not the server, fell behind.</summary>
    public static TimeSpan LateStartTolerance { get; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Runs <paramref name="send"/> (which sends the next request and says whether it was accepted) at <paramref name="rate"/> per second.</summary>
    public static async Task<OpenModelResult> RunAsync(
        double rate, TimeSpan duration, Func<CancellationToken, Task<bool>> send, ProgressTask progress, CancellationToken cancellationToken)
    {
        var scheduled = (long)(rate * duration.TotalSeconds);
        var latencies = new LatencyRecorder();
        var pending = new List<Task<bool>>();
        long lateStarts = 0;
        progress.MaxValue = scheduled;

        var clientCpuBefore = ProcessStats.CpuTime(Environment.ProcessId);
        var clock = Stopwatch.StartNew();
        for (long next = 0; next < scheduled;)
        {
            var now = clock.Elapsed;
            for (; next < scheduled && DueTime(next, rate) <= now; next++)
            {
                if (now - DueTime(next, rate) > LateStartTolerance)
                {
                    lateStarts++;
                }

                pending.Add(SendTimedAsync(DueTime(next, rate)));
            }

            progress.Value = next;
            await Task.Delay(1, cancellationToken); // the timer's resolution: requests due meanwhile go out together
        }

        var accepted = (await Task.WhenAll(pending)).LongCount(ok => ok);
        var clientCpu = ProcessStats.CpuTime(Environment.ProcessId) - clientCpuBefore;
        return new OpenModelResult(rate, scheduled, accepted, lateStarts, latencies.Summary(), clock.Elapsed, clientCpu.TotalMicroseconds / Math.Max(scheduled, 1));

        async Task<bool> SendTimedAsync(TimeSpan due)
        {
            await Task.Yield(); // off the dispatch loop at once, so a slow send never delays the next due request
            var ok = await send(cancellationToken);
            if (ok)
            {
                latencies.Record(clock.Elapsed - due);
            }

            return ok;
        }
    }

    private static TimeSpan DueTime(long number, double rate) => TimeSpan.FromSeconds(number / rate);
}
