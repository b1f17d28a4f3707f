using System.Diagnostics;
using Gateway.Callbacks;

namespace Gateway.Observability;

/// <summary>
/// The gateway's spans, in one place: the <see cref="ActivitySource"/>, the span and attribute names, and the few calls the
/// callback pipeline makes. Without a listener (tracing off) <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// returns null and every call here returns at once, so a callback pays a null check per span and allocates nothing.
/// Attributes come from bounded, non-secret values only: never a secret, a signature, a header's value or a body.
/// </summary>
internal static class GatewayTracing
{
    public const string SourceName = "Gateway.Callbacks";

    /// <summary>The spans System.Net.Http emits itself (.NET 9+): YARP's forward to the backend, under <see cref="ForwardSpan"/>.</summary>
    public const string HttpClientSourceName = "System.Net.Http";

    public const string VerifySpan = "callback.verify";
    public const string ClaimSpan = "callback.claim";
    public const string ForwardSpan = "callback.forward";
    public const string SettleSpan = "callback.settle";

    public const string RouteAttribute = "gateway.route";
    public const string PolicyAttribute = "gateway.policy";
    public const string OutcomeAttribute = "gateway.outcome";
    public const string EventIdAttribute = "gateway.event_id";
    public const string StoreOperationAttribute = "gateway.store.operation";
    public const string ClaimDecisionAttribute = "gateway.claim.decision";

    /// <summary>OpenTelemetry's own attribute for why a span failed: here the outcome's label, a bounded value.</summary>
    public const string ErrorTypeAttribute = "error.type";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>Whether anything listens to the gateway's spans, i.e. tracing is on in this process.</summary>
    public static bool IsOn => Source.HasListeners();

    public static Activity? StartVerify(string route, string policy) => Start(VerifySpan, route, policy, eventId: null, operation: null);

    public static Activity? StartClaim(string policy, string eventId) => Start(ClaimSpan, route: null, policy, eventId, StoreOperations.Claim);

    public static Activity? StartForward(string route, string policy, string eventId) => Start(ForwardSpan, route, policy, eventId, operation: null);

    public static Activity? StartSettle(string policy, string operation) => Start(SettleSpan, route: null, policy, eventId: null, operation);

    /// <summary>
    /// Records how the callback ended on <paramref name="span"/>; a failure of the gateway's side (the store, the backend) is
    /// an error, a refused sender is not: that is the gateway doing its job.
    /// </summary>
    public static void SetOutcome(Activity? span, CallbackOutcome outcome)
    {
        if (span is not { IsAllDataRequested: true })
        {
            return;
        }

        span.SetTag(OutcomeAttribute, outcome.Label());
        if (outcome is CallbackOutcome.StoreUnavailable or CallbackOutcome.BackendUnreachable)
        {
            SetError(span, outcome);
        }
    }

    /// <summary>The claim's decision; the store not answering is an error even when the policy forwards all the same.</summary>
    public static void SetDecision(Activity? span, ClaimDecision decision)
    {
        if (span is not { IsAllDataRequested: true })
        {
            return;
        }

        span.SetTag(ClaimDecisionAttribute, Label(decision));
        if (decision is ClaimDecision.StoreUnavailable or ClaimDecision.ForwardWithoutDedup)
        {
            SetError(span, CallbackOutcome.StoreUnavailable);
        }
    }

    /// <summary>A settlement the store did not take (it is retried in the background).</summary>
    public static void SetStoreUnavailable(Activity? span)
    {
        if (span is { IsAllDataRequested: true })
        {
            SetError(span, CallbackOutcome.StoreUnavailable);
        }
    }

    /// <summary>
    /// Puts a callback's route, policy and outcome on the request's span (the current one when the outcome is known), so
    /// every callback's trace says how it ended, also one refused before any span of the gateway's own (a body too large).
    /// </summary>
    public static void TagRequest(string route, string policy, CallbackOutcome outcome)
    {
        // Checked first: with tracing off, Activity.Current is still ASP.NET Core's own activity (it keeps one for log scopes).
        if (!IsOn || Activity.Current is not { IsAllDataRequested: true } request)
        {
            return;
        }

        request.SetTag(RouteAttribute, route);
        request.SetTag(PolicyAttribute, policy);
        request.SetTag(OutcomeAttribute, outcome.Label());
    }

    /// <summary>A span under the current one, tagged only when recorded; a null value adds no attribute.</summary>
    private static Activity? Start(string name, string? route, string policy, string? eventId, string? operation)
    {
        var span = Source.StartActivity(name);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag(RouteAttribute, route);
            span.SetTag(PolicyAttribute, policy);
            span.SetTag(EventIdAttribute, eventId);
            span.SetTag(StoreOperationAttribute, operation);
        }

        return span;
    }

    private static void SetError(Activity span, CallbackOutcome outcome)
    {
        var label = outcome.Label();
        span.SetTag(ErrorTypeAttribute, label);
        span.SetStatus(ActivityStatusCode.Error, label);
    }

    private static string Label(ClaimDecision decision) => decision switch
    {
        ClaimDecision.Claimed => "claimed",
        ClaimDecision.Duplicate => "duplicate",
        ClaimDecision.InFlight => "in_flight",
        ClaimDecision.StoreUnavailable => "store_unavailable",
        _ => "forward_without_dedup",
    };
}
