using System.Collections.Concurrent;

namespace Gateway.Deduplication;

/// <summary>
/// The dedup store of a single gateway instance, used when no Redis is configured. Same semantics as the Redis store,
/// expiry included; expired entries are removed on access and by a periodic sweep.
/// </summary>
internal sealed class InMemoryDedupStore : IDedupStore, IDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ITimer _sweeper;

    public InMemoryDedupStore(TimeProvider time)
    {
        _time = time;
        _sweeper = time.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    public int Count => _entries.Count;

    public Task<ClaimResult> TryClaimAsync(string key, string token, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var claim = new Entry(token, now + lease, Done: false);
        while (true)
        {
            if (_entries.TryAdd(key, claim))
            {
                return Task.FromResult(ClaimResult.Claimed);
            }

            if (!_entries.TryGetValue(key, out var current))
            {
                continue; // removed in between: try to add again
            }

            if (current.ExpiresAt > now)
            {
                return Task.FromResult(current.Done ? ClaimResult.Done : ClaimResult.InFlight);
            }

            if (_entries.TryUpdate(key, claim, current))
            {
                return Task.FromResult(ClaimResult.Claimed);
            }
        }
    }

    public Task<bool> MarkDoneAsync(string key, string token, TimeSpan retention, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var done = new Entry(token, now + retention, Done: true);
        while (true)
        {
            if (!_entries.TryGetValue(key, out var current))
            {
                if (_entries.TryAdd(key, done))
                {
                    return Task.FromResult(true);
                }

                continue;
            }

            if (current.ExpiresAt > now && (current.Done || current.Token != token))
            {
                // A done mark is never rewritten, so its owner and retention stand: true when it is ours (a retried mark).
                return Task.FromResult(current.Done && current.Token == token);
            }

            if (_entries.TryUpdate(key, done, current))
            {
                return Task.FromResult(true);
            }
        }
    }

    public Task<bool> ReleaseAsync(string key, string token, CancellationToken cancellationToken)
    {
        var released = _entries.TryGetValue(key, out var current)
            && !current.Done
            && current.Token == token
            && _entries.TryRemove(new KeyValuePair<string, Entry>(key, current));
        return Task.FromResult(released);
    }

    public Task<bool> IsAvailableAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public void Dispose() => _sweeper.Dispose();

    private void Sweep()
    {
        var now = _time.GetUtcNow();
        foreach (var pair in _entries)
        {
            if (pair.Value.ExpiresAt <= now)
            {
                _entries.TryRemove(pair);
            }
        }
    }

    private sealed record Entry(string Token, DateTimeOffset ExpiresAt, bool Done);
}
