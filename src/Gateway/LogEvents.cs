namespace Gateway;

/// <summary>
/// Every event id the gateway logs, in one place and contiguous per feature, so an operator's alert or filter on an id
/// keeps meaning the same thing. Each <c>[LoggerMessage]</c> names its id from here.
/// </summary>
internal static class LogEvents
{
    // Configuration: 100-199
    public const int ConfigRejected = 100;
    public const int ConfigApplied = 101;
    public const int ConfigFileRejected = 102;
    public const int DemoSecret = 103;
    public const int DeprecatedSetting = 104;

    // Dedup store: 200-299
    public const int InMemoryDedupStore = 200;
    public const int RedisNotConnected = 201;
    public const int RedisConnectionFailed = 202;

    // Callbacks: 300-399
    public const int CallbackDuplicate = 300;
    public const int CallbackForwarded = 301;
    public const int PolicyMissing = 302;
    public const int StoreUnavailable = 303;
    public const int OutcomeUnknown = 304;
    public const int ForwardFailed = 305;

    // Settling claims: 400-499
    public const int SettleRetrying = 400;
    public const int SettleRecovered = 401;
    public const int SettleFailed = 402;
    public const int ClaimLost = 403;
    public const int SettleError = 404;
    public const int SettleAbandonedAtShutdown = 405;

    // Guard and rejections: 500-599
    public const int RequestRejected = 500;
    public const int RejectionsSuppressed = 501;
    public const int PathGuardOff = 502;

    // Lifecycle: 600-699
    public const int Draining = 600;
}
