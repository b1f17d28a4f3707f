namespace Gateway.LoadTests.Servers;

/// <summary>A process as /proc/&lt;pid&gt;/stat tells it: its parent, its CPU time (utime + stime, clock ticks) and when it started (ticks since boot).</summary>
internal readonly record struct ProcessStat(int Parent, long CpuTicks, long Started);
