namespace Gateway.LoadTests.Outcomes;

/// <summary>How a scenario's senders send, which decides what their answers must look like.</summary>
internal enum Sending
{
    /// <summary>Each event once, no retry: a 2xx naming no event (the gateway's duplicate answer) means an event was taken for another.</summary>
    Once,

    /// <summary>Each event until it is accepted: every event must end acknowledged.</summary>
    UntilAccepted,

    /// <summary>Several concurrent copies of each event, each until accepted: every event must end acknowledged, and copies must have been answered as duplicates.</summary>
    CopiesUntilAccepted,
}
