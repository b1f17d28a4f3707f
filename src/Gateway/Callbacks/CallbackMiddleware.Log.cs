namespace Gateway.Callbacks;

internal sealed partial class CallbackMiddleware
{
    /// <summary>
    /// Never logs secrets, signatures or bodies: reasons are fixed texts and header names. The placeholders are the fields of
    /// the JSON console format (README, "Logs"): Route, Policy, Outcome (the label of gateway_callbacks_total), CallbackEventId
    /// (the verified identity; not EventId, which is the log event's own number there).
    /// </summary>
    private static partial class Log
    {
        [LoggerMessage(LogEvents.CallbackDuplicate, LogLevel.Information, "Callback on route {Route} (policy {Policy}) {CallbackEventId}: {Outcome}, answered without forwarding", EventName = "CallbackDuplicate")]
        public static partial void Duplicate(ILogger logger, string route, string policy, string callbackEventId, string outcome);

        [LoggerMessage(LogEvents.CallbackForwarded, LogLevel.Information, "Callback on route {Route} (policy {Policy}) {CallbackEventId}: {Outcome}, answered {StatusCode}", EventName = "CallbackForwarded")]
        public static partial void Forwarded(ILogger logger, string route, string policy, string callbackEventId, string outcome, int statusCode);

        [LoggerMessage(LogEvents.PolicyMissing, LogLevel.Error, "Route {Route} names callback policy {Policy}, which is not loaded; answering 503", EventName = "PolicyMissing")]
        public static partial void PolicyMissing(ILogger logger, string route, string policy);
    }
}
