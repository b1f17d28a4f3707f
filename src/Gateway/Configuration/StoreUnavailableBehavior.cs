namespace Gateway.Configuration;

/// <summary>What a policy does when the dedup store cannot be reached.</summary>
internal enum StoreUnavailableBehavior
{
    /// <summary>Answer 503 so the sender retries later (fail closed): no event is forwarded twice.</summary>
    Reject,

    /// <summary>Forward without deduplication, marked by a header: no event waits, but duplicates may pass.</summary>
    ForwardWithoutDedup,

    /// <summary>The old name of <see cref="ForwardWithoutDedup"/>, still accepted; the gateway logs a deprecation warning.</summary>
    [Obsolete("Use ForwardWithoutDedup.")]
    ForwardUnmarked = ForwardWithoutDedup,
}
