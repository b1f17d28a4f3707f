namespace Gateway.LoadTests.Scenarios;

/// <summary>What the in-memory dedup store keeps per delivered event: heap retained after claiming and marking done that many fresh events.</summary>
internal sealed record InMemoryStoreMemory(int Events, long RetainedBytes)
{
    public double BytesPerEvent => (double)RetainedBytes / Events;
}
