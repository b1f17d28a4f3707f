using System.Globalization;
using System.Text.Json;
using Gateway.Configuration;
using Gateway.Deduplication;

namespace Gateway.Benchmarks;

/// <summary>
/// What the in-memory dedup store keeps per delivered event: that many fresh events claimed and marked done on the real
/// store, with the gateway's default lease and retention and its keys and claim tokens, as the gateway does for each
/// new callback; the heap after full collections before and after, divided by the events. Nothing expires meanwhile
/// (retention is days), so every event is still held. Gateway.LoadTests runs it (<c>--store-memory N</c>) in a process
/// of its own, so the heap holds nothing else that could grow in between; it prints JSON.
/// </summary>
internal static class StoreMemoryMeasurement
{
    public static string Run(int events)
    {
        var defaults = new DedupOptions();
        using var store = new InMemoryDedupStore(TimeProvider.System);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < events; i++)
        {
            var key = DedupKeys.For("cbgw", "load", string.Create(CultureInfo.InvariantCulture, $"evt_{i}"));
            var token = DedupKeys.NewToken();
            // Both complete synchronously on this store.
            if (store.TryClaimAsync(key, token, defaults.Lease, CancellationToken.None).GetAwaiter().GetResult() != ClaimResult.Claimed
                || !store.MarkDoneAsync(key, token, defaults.Retention, CancellationToken.None).GetAwaiter().GetResult())
            {
                throw new InvalidOperationException($"Event {i} was not fresh.");
            }
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        if (store.Count != events)
        {
            throw new InvalidOperationException($"The store holds {store.Count} entries, not {events}.");
        }

        return JsonSerializer.Serialize(new { events, retainedBytes = after - before });
    }
}
