using System.Diagnostics;
using System.Globalization;
using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.Reporting;

/// <summary>
/// How busy the machine was during the run, and how much of that was not this run: all CPU time the kernel counted
/// (/proc/stat) against this process and every child it started (once they are stopped, the kernel has added them to
/// this process's children's time). What is left is other load, which makes the figures noisy.
/// </summary>
internal sealed class MachineUsage
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _machineBusyBefore = MachineBusy();
    private readonly TimeSpan _oursBefore = ProcessStats.CpuTimeOfThisProcessTree();

    /// <summary>Average cores busy over the run: on the whole machine, and for this run's processes. Call after every server is stopped.</summary>
    public (double Machine, double Ours) Stop()
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        return (
            (MachineBusy() - _machineBusyBefore).TotalSeconds / seconds,
            (ProcessStats.CpuTimeOfThisProcessTree() - _oursBefore).TotalSeconds / seconds);
    }

    /// <summary>user + nice + system + irq + softirq + steal of the first line of /proc/stat ("cpu …", clock ticks).</summary>
    private static TimeSpan MachineBusy()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
        return ProcessStats.FromTicks(Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8));
    }
}
