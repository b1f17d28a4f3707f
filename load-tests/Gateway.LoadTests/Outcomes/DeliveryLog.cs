namespace Gateway.LoadTests.Outcomes;

/// <summary>
/// The backend's delivery log (<c>{event id} {status}</c> a line), counted per event: the backend's own record of what
/// reached it, independent of anything the gateway or the senders say.
/// </summary>
internal sealed class DeliveryLog
{
    private readonly Dictionary<string, Deliveries> _byEvent = new(StringComparer.Ordinal);

    private DeliveryLog()
    {
    }

    public static DeliveryLog Read(string path)
    {
        var log = new DeliveryLog();
        if (!File.Exists(path))
        {
            return log;
        }

        foreach (var line in File.ReadLines(path))
        {
            var space = line.LastIndexOf(' ');
            var eventId = line[..space];
            var counts = log._byEvent.GetValueOrDefault(eventId);
            log._byEvent[eventId] = line[(space + 1)..].StartsWith('2')
                ? counts with { Accepted = counts.Accepted + 1 }
                : counts with { Refused = counts.Refused + 1 };
        }

        return log;
    }

    public Deliveries Of(string eventId) => _byEvent.GetValueOrDefault(eventId);

    public IEnumerable<KeyValuePair<string, Deliveries>> WithPrefix(string prefix) =>
        _byEvent.Where(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal));
}
