namespace Gateway.LoadTests.Senders;

/// <summary>One callback as its sender sends it: the event's id, the signed timestamp, the signature header's value and the body.</summary>
internal sealed record SignedCallback(string EventId, string Timestamp, string Signature, byte[] Body);
