using System.Diagnostics;
using System.Globalization;
using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.Reporting;

/// <summary>
/// How much CPU this run's processes and everything else on the machine used while it ran: every second, each
/// process's utime + stime from /proc, split by whether it descends from this process (by parent id). Other processes'
/// CPU is the noise in the figures, since everything shares two cores. A process that starts and ends between two
/// samples is missed, and so is the last second of one that ends.
/// </summary>
internal sealed class OtherLoad : IAsyncDisposable
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    private readonly PeriodicTimer _timer = new(SampleInterval);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _sampling;
    private Dictionary<(int Id, long Started), long> _lastTicks;
    private long _ourTicks;
    private long _otherTicks;

    private OtherLoad()
    {
        _lastTicks = Sample().ToDictionary(process => (process.Id, process.Stat.Started), process => process.Stat.CpuTicks);
        _sampling = SampleEverySecondAsync();
    }

    public static OtherLoad Start() => new();

    /// <summary>Average cores busy since the start: this run's processes, and all others.</summary>
    public async Task<(double Ours, double Others)> StopAsync()
    {
        _timer.Dispose();
        await _sampling;
        Accumulate();
        var seconds = _clock.Elapsed.TotalSeconds;
        return (ProcessStats.FromTicks(_ourTicks).TotalSeconds / seconds, ProcessStats.FromTicks(_otherTicks).TotalSeconds / seconds);
    }

    public async ValueTask DisposeAsync()
    {
        _timer.Dispose();
        await _sampling;
    }

    private async Task SampleEverySecondAsync()
    {
        while (await _timer.WaitForNextTickAsync())
        {
            Accumulate();
        }
    }

    private void Accumulate()
    {
        var processes = Sample();
        var ours = Descendants(processes, Environment.ProcessId);
        var ticks = new Dictionary<(int Id, long Started), long>();
        foreach (var process in processes)
        {
            var key = (process.Id, process.Stat.Started);
            ticks[key] = process.Stat.CpuTicks;
            var used = process.Stat.CpuTicks - _lastTicks.GetValueOrDefault(key); // a process new since the last sample: all of its time
            if (ours.Contains(process.Id))
            {
                _ourTicks += used;
            }
            else
            {
                _otherTicks += used;
            }
        }

        _lastTicks = ticks;
    }

    private static HashSet<int> Descendants(List<(int Id, ProcessStat Stat)> processes, int root)
    {
        var tree = new HashSet<int> { root };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var process in processes.Where(process => tree.Contains(process.Stat.Parent)))
            {
                grew |= tree.Add(process.Id);
            }
        }

        return tree;
    }

    private static List<(int Id, ProcessStat Stat)> Sample()
    {
        var processes = new List<(int Id, ProcessStat Stat)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            try
            {
                processes.Add((id, ProcessStats.Stat(id)));
            }
            catch (IOException)
            {
                // Ended while being read.
            }
        }

        return processes;
    }
}
