namespace Gateway.LoadTests.Senders;

/// <summary>What a sender got back: the status (0 when no answer came: refused, reset, timed out), the body, and Retry-After.</summary>
internal readonly record struct Answer(int Status, string Body, TimeSpan? RetryAfter)
{
    public static Answer None { get; } = new(0, string.Empty, null);

    public bool IsSuccess => Status is >= 200 and < 300;
}
