namespace Gateway.LoadTests.Outcomes;

/// <summary>
/// One scenario's outcome check: events sent, acknowledged (2xx to the sender) and delivered (2xx from the backend), and
/// every way that went wrong. Passed only when each acknowledged event was delivered exactly once and nothing else was.
/// </summary>
internal sealed record OutcomeResult(
    string Scenario,
    long Sent,
    long Acknowledged,
    long Delivered,
    long DeliveredTwice,
    long NeverDelivered,
    long DeliveredUnsent,
    long NotAccepted,
    long RefusedByBackend,
    long ForeignAnswers,
    long DuplicateAnswers,
    long SendersGaveUp,
    IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;
}
