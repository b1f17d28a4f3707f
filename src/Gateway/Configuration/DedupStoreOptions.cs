namespace Gateway.Configuration;

/// <summary>
/// Settings of the dedup store itself (section <c>Dedup</c>, beside <c>ConnectionStrings:Redis</c>), read once at startup: how
/// durable a claim and a done mark must be before they count, and how the Redis connection trusts the server's certificate.
/// Not to be confused with a policy's <c>Dedup</c> (identity, retention, lease), which is per provider.
/// </summary>
internal sealed class DedupStoreOptions
{
    public const string SectionName = "Dedup";

    /// <summary>When a claim or a done mark counts: once the primary has it, or once <see cref="Replicas"/> replicas have it too.</summary>
    public DedupDurability Durability { get; set; } = DedupDurability.Primary;

    /// <summary>With <see cref="DedupDurability.Replicated"/>: how many replicas must have acknowledged a write.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>With <see cref="DedupDurability.Replicated"/>: how long to wait for those acknowledgements; past it the store counts as unavailable.</summary>
    public TimeSpan ReplicationTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Path of a PEM (or DER) CA certificate that the Redis server's TLS certificate must chain to (with <c>ssl=true</c> in the
    /// connection string), for servers whose CA the machine does not trust; unset, the machine's trust store decides.
    /// </summary>
    public string? RedisCaCertificate { get; set; }
}

/// <summary>What a dedup store write must reach before the gateway relies on it.</summary>
internal enum DedupDurability
{
    /// <summary>The primary has it (Redis replicates asynchronously: a failover can lose the last writes). Fastest.</summary>
    Primary,

    /// <summary>The primary and at least <see cref="DedupStoreOptions.Replicas"/> replicas have it (Redis <c>WAIT</c>).</summary>
    Replicated,
}
