namespace Gateway.Configuration;

/// <summary>One entry of <c>CallbackPolicies</c>: how a callback route's requests are verified and deduplicated.</summary>
/// <remarks>Scheme-specific settings (Header, Algorithm, PublicKey, …) live in the same object and are bound by the scheme.</remarks>
internal sealed class CallbackPolicyOptions
{
    /// <summary>The configuration section that holds the policies, keyed by name.</summary>
    public const string SectionName = "CallbackPolicies";

    /// <summary>The signature scheme, e.g. <c>Hmac</c>, <c>StandardWebhooks</c>, <c>Ixopay</c>.</summary>
    public string Scheme { get; set; } = string.Empty;

    /// <summary>Active secrets; several at once during a rotation, any one verifying is enough.</summary>
    public List<string> Secrets { get; set; } = [];

    /// <summary>How far a signed timestamp may lie from the gateway's clock, in either direction.</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest body accepted; larger ones get 413 before the body is read.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    public DedupOptions Dedup { get; set; } = new();

    /// <summary>The answer to an event already delivered; the scheme's default (or 200 with an empty body) when unset.</summary>
    public DuplicateResponseOptions? DuplicateResponse { get; set; }

    public StoreUnavailableBehavior WhenStoreUnavailable { get; set; } = StoreUnavailableBehavior.Reject;
}
