namespace Gateway.Configuration;

/// <summary>Names of the headers only the gateway may set; stripped from every incoming request.</summary>
internal sealed class TrustedHeaderNames
{
    public string Verified { get; set; } = "X-Callback-Verified";

    public string EventId { get; set; } = "X-Callback-Event-Id";

    public string Signature { get; set; } = "X-Callback-Gateway-Signature";

    /// <summary>Set on callbacks forwarded without deduplication (store unavailable and <c>ForwardWithoutDedup</c>).</summary>
    public string DedupSkipped { get; set; } = "X-Callback-Dedup-Skipped";

    public IEnumerable<string> All => [Verified, EventId, Signature, DedupSkipped];
}
