using System.Globalization;

namespace Gateway.LoadTests.Servers;

/// <summary>
/// What the kernel counts for a process, read from /proc: CPU time (utime + stime, all threads, in clock ticks of
/// <c>getconf CLK_TCK</c>) and resident memory.
/// </summary>
internal static class ProcessStats
{
    private static readonly Lazy<double> TicksPerSecond = new(() => double.Parse(Executables.Output("getconf", "CLK_TCK"), CultureInfo.InvariantCulture));

    public static TimeSpan CpuTime(int processId) => CpuTime($"/proc/{processId}/stat", includeReapedChildren: false);

    /// <summary>A process and its children (nginx's master and its workers).</summary>
    public static TimeSpan CpuTimeWithChildren(int processId)
    {
        var children = File.ReadAllText($"/proc/{processId}/task/{processId}/children")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(child => int.Parse(child, CultureInfo.InvariantCulture));
        return children.Aggregate(CpuTime(processId), (total, child) => total + CpuTime(child));
    }

    /// <summary>
    /// This process and every child it has waited for, and their children in turn: once the servers are stopped, all the
    /// CPU the run spent on this machine.
    /// </summary>
    public static TimeSpan CpuTimeOfThisProcessTree() => CpuTime("/proc/self/stat", includeReapedChildren: true);

    public static long ResidentBytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
        return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Time in clock ticks, as /proc counts it.</summary>
    public static TimeSpan FromTicks(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond.Value);

    private static TimeSpan CpuTime(string statPath, bool includeReapedChildren)
    {
        // After the command name in parentheses (which may hold spaces): state is field 3, utime 14, stime 15, cutime 16, cstime 17.
        var stat = File.ReadAllText(statPath);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        var ticks = Field(14) + Field(15) + (includeReapedChildren ? Field(16) + Field(17) : 0);
        return FromTicks(ticks);
    }
}
