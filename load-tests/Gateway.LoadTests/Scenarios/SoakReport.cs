using Gateway.LoadTests.OpenModel;

namespace Gateway.LoadTests.Scenarios;

/// <summary>
/// The soak: the gateway's resident memory sampled every second under steady load; the median of the first window
/// against the last one's, and whether they are within 10% of each other (<see cref="Flat"/> is null when not judged).
/// </summary>
internal sealed record SoakReport(
    double Rate,
    double Seconds,
    double WindowSeconds,
    IReadOnlyList<long> ResidentBytes,
    long FirstWindowMedianBytes,
    long LastWindowMedianBytes,
    bool? Flat,
    OpenModelResult Load)
{
    public const double FlatWithin = 0.10;

    public double Change => FirstWindowMedianBytes == 0 ? 0 : (double)(LastWindowMedianBytes - FirstWindowMedianBytes) / FirstWindowMedianBytes;
}
