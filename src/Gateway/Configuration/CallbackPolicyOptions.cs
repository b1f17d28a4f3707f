namespace Gateway.Configuration;

/// <summary>One entry of <c>CallbackPolicies</c>: how a callback route's requests are verified and deduplicated.</summary>
/// <remarks>Scheme-specific settings (Header, Algorithm, PublicKey, …) live in the same object and are bound by the scheme.</remarks>
public sealed class CallbackPolicyOptions
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

/// <summary>How an event's identity is kept in the dedup store.</summary>
public sealed class DedupOptions
{
    /// <summary>How long a delivered event is remembered as done.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How long an in-flight claim lives if its owner never settles it (crash, timeout).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Identity selectors: JSON pointers (<c>/data/id</c>), <c>form:field</c>, <c>header:Name</c>; empty means the scheme's default.</summary>
    public List<string> Identity { get; set; } = [];
}

/// <summary>The answer given to a duplicate instead of forwarding it.</summary>
public sealed class DuplicateResponseOptions
{
    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string Body { get; set; } = string.Empty;

    public string ContentType { get; set; } = "text/plain; charset=utf-8";
}

/// <summary>What a policy does when the dedup store cannot be reached.</summary>
public enum StoreUnavailableBehavior
{
    /// <summary>Answer 503 so the sender retries later (fail closed): no event is forwarded twice.</summary>
    Reject,

    /// <summary>Forward without deduplication, marked by a header: no event waits, but duplicates may pass.</summary>
    ForwardWithoutDedup,

    /// <summary>The old name of <see cref="ForwardWithoutDedup"/>, still accepted; the gateway logs a deprecation warning.</summary>
    [Obsolete("Use ForwardWithoutDedup.")]
    ForwardUnmarked = ForwardWithoutDedup,
}
