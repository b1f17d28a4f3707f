namespace Gateway.Deduplication;

/// <summary>The answer to a claim.</summary>
internal enum ClaimResult
{
    /// <summary>The caller now owns the event until it settles it or the lease expires.</summary>
    Claimed,

    /// <summary>Another request holds the event right now.</summary>
    InFlight,

    /// <summary>The event has been delivered already.</summary>
    Done,
}
