namespace Gateway.Deduplication;

/// <summary>
/// Remembers which events are in flight and which are done, shared by every gateway instance that uses the same store.
/// Per key: absent → processing(owner token, lease) → done(retention); or processing → absent (released by its owner).
/// </summary>
/// <remarks>Every method throws <see cref="DedupStoreUnavailableException"/> when the store cannot answer.</remarks>
internal interface IDedupStore
{
    /// <summary>Atomically claims <paramref name="key"/> for <paramref name="token"/> unless it is claimed or done.</summary>
    Task<ClaimResult> TryClaimAsync(string key, string token, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the event done, if the claim is still this owner's or has expired; false when another owner holds it or has
    /// marked it done. A done mark is never rewritten: marking it again (a retry) returns true and keeps its retention.
    /// </summary>
    Task<bool> MarkDoneAsync(string key, string token, TimeSpan retention, CancellationToken cancellationToken);

    /// <summary>Deletes the claim if it is still this owner's (compare-and-delete), so the sender's retry can claim it.</summary>
    Task<bool> ReleaseAsync(string key, string token, CancellationToken cancellationToken);

    /// <summary>Whether the store answers, for readiness.</summary>
    Task<bool> IsAvailableAsync(CancellationToken cancellationToken);
}
