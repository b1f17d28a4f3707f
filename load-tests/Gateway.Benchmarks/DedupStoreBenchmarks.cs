using System.Globalization;
using BenchmarkDotNet.Attributes;
using Gateway.Deduplication;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Benchmarks;

/// <summary>
/// The in-memory store's claim and mark-done of a key it has not seen, as for every new event, in batches: after each
/// batch the clock moves one sweep interval on and the store's own sweep removes the batch, so every key is fresh again
/// and the store stays small. Each operation therefore also pays its share of the sweep, as it does in the gateway.
/// </summary>
[MemoryDiagnoser]
public class DedupStoreBenchmarks : IDisposable
{
    private const int Batch = 1024;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    // Shorter than the sweep interval, so one sweep finds the whole batch expired.
    private static readonly TimeSpan Retention = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new();
    private readonly string _token = DedupKeys.NewToken();
    private InMemoryDedupStore? _store;
    private string[] _keys = [];

    [GlobalSetup]
    public void Setup()
    {
        _store = new InMemoryDedupStore(_time);
        _keys = [.. Enumerable.Range(0, Batch).Select(i => DedupKeys.For("cbgw", SignedCallbacks.PolicyName, i.ToString(CultureInfo.InvariantCulture)))];
        ClaimAndMarkDone();
        if (_store.Count != 0)
        {
            throw new InvalidOperationException("The sweep left the batch in the store, so the next claims would not be of fresh keys.");
        }
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public void ClaimAndMarkDone()
    {
        var store = _store!;
        foreach (var key in _keys)
        {
            // Both complete synchronously; Claimed proves the key was fresh.
            if (store.TryClaimAsync(key, _token, Lease, CancellationToken.None).GetAwaiter().GetResult() != ClaimResult.Claimed
                || !store.MarkDoneAsync(key, _token, Retention, CancellationToken.None).GetAwaiter().GetResult())
            {
                throw new InvalidOperationException("A key of this batch was not fresh.");
            }
        }

        _time.Advance(SweepInterval);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _store?.Dispose();
        GC.SuppressFinalize(this);
    }
}
