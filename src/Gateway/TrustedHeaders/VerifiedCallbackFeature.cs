namespace Gateway.TrustedHeaders;

/// <summary>Set on the request by the callback middleware once a callback is verified and claimed; read by the header transform.</summary>
internal sealed class VerifiedCallbackFeature(string policy, string eventId, string? gatewaySignature, bool dedupSkipped)
{
    public string Policy { get; } = policy;

    public string EventId { get; } = eventId;

    /// <summary>The value of <c>X-Callback-Gateway-Signature</c>, or null when no signing key is configured.</summary>
    public string? GatewaySignature { get; } = gatewaySignature;

    /// <summary>The store was unavailable and the policy forwards without deduplication.</summary>
    public bool DedupSkipped { get; } = dedupSkipped;
}
