namespace Gateway.Observability;

/// <summary>Store operation names, the values of the <c>operation</c> label.</summary>
internal static class StoreOperations
{
    public const string Claim = "claim";
    public const string MarkDone = "mark_done";
    public const string Release = "release";
}
