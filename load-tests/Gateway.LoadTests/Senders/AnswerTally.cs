using System.Collections.Concurrent;

namespace Gateway.LoadTests.Senders;

/// <summary>Every answer senders got, counted by status (0: no answer), from any number of concurrent senders.</summary>
internal sealed class AnswerTally
{
    private readonly ConcurrentDictionary<int, long> _byStatus = new();

    public void Add(int status) => _byStatus.AddOrUpdate(status, 1, (_, count) => count + 1);

    public IReadOnlyDictionary<int, long> ByStatus() => new SortedDictionary<int, long>(_byStatus);

    public long Total => _byStatus.Values.Sum();
}
