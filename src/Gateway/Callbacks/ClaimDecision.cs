namespace Gateway.Callbacks;

/// <summary>What claiming an event in the dedup store decided for this request.</summary>
internal enum ClaimDecision
{
    /// <summary>This request owns the event until it settles it or the lease ends: forward it.</summary>
    Claimed,

    /// <summary>The event was delivered already: answer the policy's duplicate response.</summary>
    Duplicate,

    /// <summary>Another request holds the event right now: 409, the sender retries.</summary>
    InFlight,

    /// <summary>The store did not answer and the policy rejects: 503, the sender retries.</summary>
    StoreUnavailable,

    /// <summary>The store did not answer and the policy forwards anyway, without deduplication, marked as such.</summary>
    ForwardWithoutDedup,
}
