namespace Gateway.Configuration;

/// <summary>The status codes of the gateway's own answers.</summary>
internal sealed class RejectionStatusCodes
{
    public int InvalidSignature { get; set; } = StatusCodes.Status401Unauthorized;

    public int Stale { get; set; } = StatusCodes.Status401Unauthorized;

    public int Malformed { get; set; } = StatusCodes.Status400BadRequest;

    public int TooLarge { get; set; } = StatusCodes.Status413PayloadTooLarge;

    public int InFlight { get; set; } = StatusCodes.Status409Conflict;

    public int StoreUnavailable { get; set; } = StatusCodes.Status503ServiceUnavailable;

    public int PolicyUnavailable { get; set; } = StatusCodes.Status503ServiceUnavailable;

    public int OverBudget { get; set; } = StatusCodes.Status503ServiceUnavailable;

    public int PathVariant { get; set; } = StatusCodes.Status404NotFound;

    public int UpgradeRefused { get; set; } = StatusCodes.Status400BadRequest;

    public int ForgedHeader { get; set; } = StatusCodes.Status400BadRequest;
}
