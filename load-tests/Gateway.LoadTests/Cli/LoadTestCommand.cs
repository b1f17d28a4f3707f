using System.Diagnostics;
using System.Runtime.InteropServices;
using Gateway.LoadTests.Reporting;
using Gateway.LoadTests.Scenarios;
using Gateway.LoadTests.Servers;
using Spectre.Console;

namespace Gateway.LoadTests.Cli;

/// <summary>
/// One run from start to end: tools installed, servers started, scenarios run under the live display, servers stopped
/// (also on failure, Ctrl-C or SIGTERM), then the reports written and the tables shown.
/// </summary>
internal static class LoadTestCommand
{
    public const int Passed = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;

    public static async Task<int> RunAsync(LoadTestOptions options)
    {
        using var cancellation = new CancellationTokenSource();
        void Cancel(PosixSignalContext signal)
        {
            // Not the default exit: the servers are stopped first. Cancelled off the signal's thread, so that the run's
            // clean-up (which waits for processes to exit, news of which comes through signals too) never runs on it.
            signal.Cancel = true;
            _ = cancellation.CancelAsync();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

        try
        {
            await RequiredTools.EnsureInstalledAsync(cancellation.Token);
            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var loadAverageBefore = MachineDescription.LoadAverage();
            await using var load = OtherLoad.Start();
            ScenarioResults results;
            await using (var lab = await Lab.StartAsync(options.Layout, cancellation.Token))
            {
                results = await LiveProgress.RunAsync(progress => new LoadTestRun(options, lab, progress).RunAsync(cancellation.Token));
            }

            var report = new LoadTestReport(options.CommandLine, started, clock.Elapsed.TotalSeconds, options.Smoke, MachineDescription.Describe(loadAverageBefore, await load.StopAsync()), results);
            await ReportFiles.WriteAsync(report, options.ResultsDirectory);
            if (options.UpdateBenchmarks)
            {
                await ReportFiles.UpdateBenchmarksAsync(report, options.Layout.BenchmarksMarkdown);
            }

            ConsoleReport.Write(report, options.ResultsDirectory);
            return results.OutcomesPassed ? Passed : Failed;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            AnsiConsole.MarkupLine("[yellow]Cancelled; every server the run started has been stopped.[/]");
            return Failed;
        }
        catch (InvalidOperationException failure)
        {
            AnsiConsole.MarkupLine($"[red]The run failed; every server it started has been stopped.[/] {Markup.Escape(failure.Message)}");
            return Failed;
        }
    }
}
