using System.Globalization;

namespace Gateway.LoadTests.Servers;

/// <summary>
/// What the kernel counts for a process, read from /proc: CPU time (utime + stime, all threads, in clock ticks of
/// <c>getconf CLK_TCK</c>) and resident memory.
/// </summary>
internal static class ProcessStats
{
    private static readonly Lazy<double> TicksPerSecond = new(() => double.Parse(Executables.Output("getconf", "CLK_TCK"), CultureInfo.InvariantCulture));

    public static TimeSpan CpuTime(int processId) => FromTicks(Stat(processId).CpuTicks);

    public static ProcessStat Stat(int processId)
    {
        // After the command name in parentheses (which may hold spaces): state is field 3, ppid 4, utime 14, stime 15, starttime 22.
        var stat = File.ReadAllText($"/proc/{processId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        return new ProcessStat((int)Field(4), Field(14) + Field(15), Field(22));
    }

    /// <summary>A process and its children (nginx's master and its workers).</summary>
    public static TimeSpan CpuTimeWithChildren(int processId)
    {
        var children = File.ReadAllText($"/proc/{processId}/task/{processId}/children")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(child => int.Parse(child, CultureInfo.InvariantCulture));
        return children.Aggregate(CpuTime(processId), (total, child) => total + CpuTime(child));
    }

    public static long ResidentBytes(int processId)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
        return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Time in clock ticks, as /proc counts it.</summary>
    public static TimeSpan FromTicks(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond.Value);
}
