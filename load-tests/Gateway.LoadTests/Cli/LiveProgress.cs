using System.Diagnostics;
using Spectre.Console;

namespace Gateway.LoadTests.Cli;

/// <summary>
/// The live display of a run: a line per phase, its bar filled by elapsed time, by requests due, or at its end. When the
/// output is not a terminal (a log, CI, the smoke test), each phase is one plain line as it starts instead.
/// </summary>
internal sealed class LiveProgress
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);
    private readonly ProgressContext? _display;
    private int _phases;

    private LiveProgress(ProgressContext? display) => _display = display;

    public static Task<T> RunAsync<T>(Func<LiveProgress, Task<T>> run) =>
        AnsiConsole.Profile.Capabilities.Interactive
            ? AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(display => run(new LiveProgress(display)))
            : run(new LiveProgress(null));

    /// <summary>A phase whose bar the caller fills.</summary>
    public ProgressTask Start(string description, double total = 1)
    {
        if (_display is not null)
        {
            return _display.AddTask(description, maxValue: total);
        }

        AnsiConsole.WriteLine(description);
        return new ProgressTask(++_phases, description, total);
    }

    /// <summary>Runs a phase of known length, filling its bar as time passes.</summary>
    public async Task<T> TimedAsync<T>(string description, TimeSpan length, Func<Task<T>> phase)
    {
        var bar = Start(description, Math.Max(length.TotalSeconds, 1));
        var clock = Stopwatch.StartNew();
        var running = phase();
        while (await Task.WhenAny(running, Task.Delay(Refresh)) != running)
        {
            bar.Value = Math.Min(clock.Elapsed.TotalSeconds, bar.MaxValue);
        }

        bar.Value = bar.MaxValue;
        return await running;
    }

    /// <summary>Runs a step of unknown length; its bar fills when it is done.</summary>
    public async Task<T> StepAsync<T>(string description, Func<Task<T>> step)
    {
        var bar = Start(description);
        var result = await step();
        bar.Value = bar.MaxValue;
        return result;
    }
}
