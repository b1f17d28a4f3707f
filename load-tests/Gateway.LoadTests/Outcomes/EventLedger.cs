namespace Gateway.LoadTests.Outcomes;

/// <summary>
/// What one scenario's senders know: the events they sent, those answered 2xx (acknowledged), and what the answers
/// said. Whether the backend got each acknowledged event exactly once is checked against the backend's delivery log at
/// the end of the run (<see cref="OutcomeCheck"/>). Safe to record into from concurrent senders. Every event id of the
/// scenario starts with <paramref name="idPrefix"/>, and no other scenario's does; <paramref name="backendFailsSome"/>
/// says the backend refuses some deliveries on purpose, so the log must show refusals.
/// </summary>
internal sealed class EventLedger(string scenario, string idPrefix, Sending sending, bool backendFailsSome = false)
{
    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _acknowledged = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _foreignAnswers;
    private long _duplicateAnswers;
    private long _gaveUp;

    public string Scenario => scenario;

    public string IdPrefix => idPrefix;

    public Sending Sending => sending;

    public bool BackendFailsSome => backendFailsSome;

    /// <summary>2xx answers whose body named another event than the one sent: an answer that belongs to someone else.</summary>
    public long ForeignAnswers => Interlocked.Read(ref _foreignAnswers);

    /// <summary>2xx answers that named no event: the gateway's own answer to a duplicate, which never reached the backend.</summary>
    public long DuplicateAnswers => Interlocked.Read(ref _duplicateAnswers);

    /// <summary>Senders that stopped retrying before their event was accepted.</summary>
    public long GaveUp => Interlocked.Read(ref _gaveUp);

    public void Sent(string eventId)
    {
        lock (_lock)
        {
            _sent.Add(eventId);
        }
    }

    public void Sent(IEnumerable<string> eventIds)
    {
        lock (_lock)
        {
            _sent.UnionWith(eventIds);
        }
    }

    /// <summary>
    /// A 2xx answer to <paramref name="eventId"/>. The backend answers with the event id it was handed, so the body names
    /// the event a delivery was for; the gateway answers a duplicate itself, with an empty body.
    /// </summary>
    public void Answered(string eventId, string body)
    {
        lock (_lock)
        {
            _acknowledged.Add(eventId);
        }

        if (body.Length == 0)
        {
            Interlocked.Increment(ref _duplicateAnswers);
        }
        else if (body != eventId)
        {
            Interlocked.Increment(ref _foreignAnswers);
        }
    }

    /// <summary>
    /// What wrk reports, which cannot tell which request an answer was for: the events named by 2xx answers, and how
    /// many 2xx answers named none.
    /// </summary>
    public void Acknowledged(IEnumerable<string> eventIds, long duplicateAnswers)
    {
        lock (_lock)
        {
            _acknowledged.UnionWith(eventIds);
        }

        Interlocked.Add(ref _duplicateAnswers, duplicateAnswers);
    }

    public void SenderGaveUp() => Interlocked.Increment(ref _gaveUp);

    public (IReadOnlySet<string> Sent, IReadOnlySet<string> Acknowledged) Snapshot()
    {
        lock (_lock)
        {
            return (new HashSet<string>(_sent, StringComparer.Ordinal), new HashSet<string>(_acknowledged, StringComparer.Ordinal));
        }
    }
}
