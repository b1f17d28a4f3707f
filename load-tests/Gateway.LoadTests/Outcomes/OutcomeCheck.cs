namespace Gateway.LoadTests.Outcomes;

/// <summary>Holds a scenario's senders' ledger against the backend's delivery log.</summary>
internal static class OutcomeCheck
{
    public static OutcomeResult Evaluate(EventLedger ledger, DeliveryLog log)
    {
        var (sent, acknowledged) = ledger.Snapshot();
        var logged = log.WithPrefix(ledger.IdPrefix).ToList();
        var delivered = logged.Where(pair => pair.Value.Accepted > 0).Select(pair => pair.Key).ToList();
        var twice = logged.Where(pair => pair.Value.Accepted > 1).Select(pair => pair.Key).ToList();
        var never = acknowledged.Where(id => log.Of(id).Accepted == 0).ToList();
        var unsent = delivered.Where(id => !sent.Contains(id)).ToList();
        var notAccepted = sent.Count - acknowledged.Count;
        var refused = logged.Sum(pair => (long)pair.Value.Refused);

        var problems = new List<string>();
        if (acknowledged.Count == 0)
        {
            problems.Add("no event was acknowledged, so nothing was checked");
        }

        Report(problems, twice, "delivered (2xx) more than once");
        Report(problems, never, "acknowledged to the sender but never delivered");
        Report(problems, unsent, "delivered but never sent by this scenario");
        if (ledger.GaveUp > 0)
        {
            problems.Add($"{ledger.GaveUp} sender(s) gave up after {Senders.RetryingSender.MaxAttempts} attempts without their event being accepted");
        }

        if (ledger.Sending == Sending.Once && ledger.DuplicateAnswers > 0)
        {
            problems.Add($"{ledger.DuplicateAnswers} event(s) sent once were answered as duplicates");
        }

        if (ledger.Sending == Sending.CopiesUntilAccepted && ledger.DuplicateAnswers == 0)
        {
            problems.Add("no copy was answered as a duplicate, so deduplication was not exercised");
        }

        if (ledger.ForeignAnswers > 0)
        {
            problems.Add($"{ledger.ForeignAnswers} 2xx answer(s) named another event than the one sent");
        }

        if (ledger.BackendFailsSome && refused == 0)
        {
            problems.Add("the backend refused no delivery, so no sender had to retry");
        }

        return new OutcomeResult(
            ledger.Scenario, sent.Count, acknowledged.Count, delivered.Count, twice.Count, never.Count, unsent.Count,
            notAccepted, refused, ledger.ForeignAnswers, ledger.DuplicateAnswers, ledger.GaveUp, problems);
    }

    private static void Report(List<string> problems, List<string> events, string what)
    {
        if (events.Count > 0)
        {
            problems.Add($"{events.Count} event(s) {what}, e.g. {string.Join(", ", events.Take(3))}");
        }
    }
}
