namespace Gateway.Configuration;

/// <summary>How an event's identity is kept in the dedup store.</summary>
internal sealed class DedupOptions
{
    /// <summary>How long a delivered event is remembered as done.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How long an in-flight claim lives if its owner never settles it (crash, timeout).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Identity selectors: JSON pointers (<c>/data/id</c>), <c>form:field</c>, <c>header:Name</c>; empty means the scheme's default.</summary>
    public List<string> Identity { get; set; } = [];
}
