using System.Globalization;

namespace Gateway.LoadTests.Senders;

/// <summary>
/// Event ids of one scenario, <c>evt_{scenario tag}_{number}</c>, never the same twice: the tag lets the outcome check
/// tell a scenario's deliveries from every other's in the one backend log.
/// </summary>
internal sealed class EventIds(string tag)
{
    private long _issued;

    public string Prefix { get; } = $"evt_{tag}_";

    public string Next() => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Interlocked.Increment(ref _issued)}");
}
