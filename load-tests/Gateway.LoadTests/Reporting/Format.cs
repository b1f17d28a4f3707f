using System.Globalization;

namespace Gateway.LoadTests.Reporting;

/// <summary>How figures are written in the tables.</summary>
internal static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Rate(double perSecond) => perSecond.ToString("N0", Invariant);

    /// <summary>Microseconds as milliseconds.</summary>
    public static string Ms(long microseconds) => (microseconds / 1000.0).ToString("0.00", Invariant);

    public static string SignedMs(long? microseconds) => microseconds is { } value ? (value >= 0 ? "+" : string.Empty) + Ms(value) + " ms" : "—";

    public static string Micros(double? microseconds) => microseconds is { } value ? value.ToString("0.0", Invariant) : "—";

    public static string Bytes(double? bytes) => bytes is { } value ? value.ToString("N0", Invariant) : "—";

    public static string MiB(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.0", Invariant) + " MiB";

    public static string Ratio(double? ratio) => ratio is { } value ? "×" + value.ToString("0.00", Invariant) : "—";

    public static string Share(double fraction) => (fraction * 100).ToString("0", Invariant) + " %";

    public static string Percent(double fraction) => (fraction >= 0 ? "+" : string.Empty) + (fraction * 100).ToString("0.0", Invariant) + " %";

    public static string Count(long count) => count.ToString("N0", Invariant);

    public static string Cores(double cores) => cores.ToString("0.00", Invariant);
}
