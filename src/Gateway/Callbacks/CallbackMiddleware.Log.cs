namespace Gateway.Callbacks;

internal sealed partial class CallbackMiddleware
{
    /// <summary>Never logs secrets, signatures or bodies: reasons are fixed texts and header names.</summary>
    private static partial class Log
    {
        [LoggerMessage(2, LogLevel.Information, "Duplicate callback on route {Route} (policy {Policy}) answered without forwarding: {EventId}", EventName = "CallbackDuplicate")]
        public static partial void Duplicate(ILogger logger, string route, string policy, string eventId);

        [LoggerMessage(3, LogLevel.Information, "Callback on route {Route} (policy {Policy}) {EventId}: {Outcome}, answered {StatusCode}", EventName = "CallbackForwarded")]
        public static partial void Forwarded(ILogger logger, string route, string policy, string eventId, string outcome, int statusCode);

        [LoggerMessage(4, LogLevel.Error, "Route {Route} names callback policy {Policy}, which is not loaded; answering 503", EventName = "PolicyMissing")]
        public static partial void PolicyMissing(ILogger logger, string route, string policy);

        [LoggerMessage(5, LogLevel.Warning, "Dedup store unavailable for policy {Policy}: {Reason}", EventName = "StoreUnavailable")]
        public static partial void StoreUnavailable(ILogger logger, string policy, string reason);



        [LoggerMessage(8, LogLevel.Warning, "Policy {Policy}: the backend's answer is unknown (timeout or lost connection); the claim is left to expire", EventName = "OutcomeUnknown")]
        public static partial void OutcomeUnknown(ILogger logger, string policy);
    }
}
