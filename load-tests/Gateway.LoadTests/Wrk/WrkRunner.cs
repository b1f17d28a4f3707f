using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Gateway.LoadTests.OpenModel;
using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.Wrk;

/// <summary>
/// Runs wrk, the closed-model load: a fixed number of connections, each sending its next request as soon as the last
/// is answered, so the server's throughput at saturation shows. Far cheaper per request than a .NET client, which
/// matters when client and servers share two cores.
/// </summary>
internal sealed class WrkRunner(WorkDirectory directory, int connections, int threads)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Wrk", "callbacks.lua");
    private int _runs;

    /// <summary>POSTs <paramref name="callbacks"/> to <paramref name="url"/>, or without them GETs it, for the given time.</summary>
    public async Task<WrkResult> RunAsync(Uri url, TimeSpan duration, PresignedCallbacks? callbacks, CancellationToken cancellationToken)
    {
        var run = Interlocked.Increment(ref _runs);
        var resultPath = directory.File($"wrk-{run}.json");
        var ackedPath = directory.File($"wrk-{run}-acked.txt");
        var start = new ProcessStartInfo(Executables.Require("wrk"))
        {
            ArgumentList =
            {
                "-t", threads.ToString(CultureInfo.InvariantCulture),
                "-c", connections.ToString(CultureInfo.InvariantCulture),
                "-d", $"{Math.Max(1, (int)Math.Round(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture)}s",
                "--timeout", "10s",
                "-s", Script,
                url.ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["LOAD_RESULT"] = resultPath,
                ["LOAD_ACKED"] = ackedPath,
                ["LOAD_PATH"] = url.AbsolutePath,
                ["LOAD_THREADS"] = threads.ToString(CultureInfo.InvariantCulture),
            },
        };
        if (callbacks is not null)
        {
            start.Environment["LOAD_REQUESTS"] = callbacks.Path;
        }

        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        var output = wrk.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = wrk.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await wrk.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            wrk.Kill();
            throw;
        }

        if (wrk.ExitCode != 0 || !File.Exists(resultPath))
        {
            throw new InvalidOperationException($"wrk failed (exit code {wrk.ExitCode}): {await errors}{await output}");
        }

        var summary = JsonSerializer.Deserialize<WrkOutput>(await File.ReadAllTextAsync(resultPath, cancellationToken), Json)
            ?? throw new InvalidOperationException("wrk wrote no summary.");
        var acknowledged = await File.ReadAllLinesAsync(ackedPath, cancellationToken);
        File.Delete(resultPath);
        File.Delete(ackedPath);
        return new WrkResult(
            summary.Requests,
            TimeSpan.FromTicks(summary.DurationMicroseconds * TimeSpan.TicksPerMicrosecond),
            new LatencySummary(summary.P50, summary.P99, summary.P999, summary.Max),
            summary.Errors,
            summary.Exhausted,
            callbacks?.Sent(summary.SentPerThread) ?? [],
            acknowledged,
            summary.Unnamed2xx);
    }
}
