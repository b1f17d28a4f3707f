using System.Collections;
using System.Diagnostics;

namespace Gateway.Tests.Fixtures;

/// <summary>
/// Where the in-memory exporter puts the spans it is given. Thread-safe, because listeners are process-wide: the gateway
/// under test exports its spans here from the request's threads, and so may another test's gateway running alongside
/// (a test picks its own trace out by trace id).
/// </summary>
public sealed class SpanCollection : ICollection<Activity>
{
    private readonly List<Activity> _spans = [];

    public int Count
    {
        get
        {
            lock (_spans)
            {
                return _spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    /// <summary>The spans of the trace one of whose spans matches <paramref name="anchor"/>, once that trace has a root span
    /// (ASP.NET Core's request span ends last, after the response has reached the client).</summary>
    public async Task<IReadOnlyList<Activity>> TraceAsync(Func<Activity, bool> anchor)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var spans = Snapshot();
            if (spans.FirstOrDefault(anchor) is { } found)
            {
                var trace = spans.Where(span => span.TraceId == found.TraceId).ToList();
                if (trace.Any(span => span.ParentSpanId == default) || DateTime.UtcNow > until)
                {
                    return trace;
                }
            }
            else if (DateTime.UtcNow > until)
            {
                return [];
            }

            await Task.Delay(20);
        }
    }

    public List<Activity> Snapshot()
    {
        lock (_spans)
        {
            return [.. _spans];
        }
    }

    public void Add(Activity item)
    {
        lock (_spans)
        {
            _spans.Add(item);
        }
    }

    public void Clear()
    {
        lock (_spans)
        {
            _spans.Clear();
        }
    }

    public bool Contains(Activity item)
    {
        lock (_spans)
        {
            return _spans.Contains(item);
        }
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (_spans)
        {
            _spans.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(Activity item)
    {
        lock (_spans)
        {
            return _spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
