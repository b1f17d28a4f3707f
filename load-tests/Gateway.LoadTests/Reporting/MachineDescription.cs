using System.Globalization;
using System.Runtime.InteropServices;
using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.Reporting;

/// <summary>The machine a run measured, its software, and how much other load shared it.</summary>
internal sealed record MachineDescription(
    int Cores,
    string Cpu,
    double MemoryGiB,
    string OperatingSystem,
    string DotNet,
    string Nginx,
    string Redis,
    string Wrk,
    string LoadAverageBefore,
    string LoadAverageAfter,
    double OurCores,
    double OtherCores)
{
    /// <summary>Describes this machine; <paramref name="cores"/> are the average cores busy during the run (<see cref="OtherLoad"/>).</summary>
    public static MachineDescription Describe(string loadAverageBefore, (double Ours, double Others) cores) => new(
        Environment.ProcessorCount,
        ProcValue("/proc/cpuinfo", "model name", ':') ?? "unknown",
        Math.Round(double.Parse((ProcValue("/proc/meminfo", "MemTotal", ':') ?? "0 kB").Split(' ')[0], CultureInfo.InvariantCulture) / (1024 * 1024), 1),
        ProcValue("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        Executables.Output("nginx", "-v").Replace("nginx version: ", string.Empty, StringComparison.Ordinal),
        Executables.Output("redis-server", "--version").Split(' ').ElementAtOrDefault(2)?.Replace("v=", string.Empty, StringComparison.Ordinal) ?? "unknown",
        Executables.Output("wrk", "-v").Split('\n')[0].Split(" Copyright")[0],
        loadAverageBefore,
        LoadAverage(),
        cores.Ours,
        cores.Others);

    /// <summary>/proc/loadavg's 1, 5 and 15 minute averages.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string? ProcValue(string path, string key, char separator) =>
        File.Exists(path)
            ? File.ReadLines(path).Where(line => line.StartsWith(key, StringComparison.Ordinal)).Select(line => line[(line.IndexOf(separator) + 1)..].Trim()).FirstOrDefault()
            : null;
}
