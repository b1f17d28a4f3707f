namespace Gateway.Callbacks;

internal sealed partial class CallbackMiddleware
{
    /// <summary>Never logs secrets, signatures or bodies: reasons are fixed texts and header names.</summary>
    private static partial class Log
    {
        [LoggerMessage(LogEvents.CallbackDuplicate, LogLevel.Information, "Duplicate callback on route {Route} (policy {Policy}) answered without forwarding: {EventId}", EventName = "CallbackDuplicate")]
        public static partial void Duplicate(ILogger logger, string route, string policy, string eventId);

        [LoggerMessage(LogEvents.CallbackForwarded, LogLevel.Information, "Callback on route {Route} (policy {Policy}) {EventId}: {Outcome}, answered {StatusCode}", EventName = "CallbackForwarded")]
        public static partial void Forwarded(ILogger logger, string route, string policy, string eventId, string outcome, int statusCode);

        [LoggerMessage(LogEvents.PolicyMissing, LogLevel.Error, "Route {Route} names callback policy {Policy}, which is not loaded; answering 503", EventName = "PolicyMissing")]
        public static partial void PolicyMissing(ILogger logger, string route, string policy);
    }
}
