namespace Gateway.Observability;

/// <summary>The label values of <see cref="CallbackOutcome"/>, in one place.</summary>
internal static class CallbackOutcomeLabels
{
    private static readonly string[] Labels =
    [
        "forwarded", "duplicate", "in_flight", "invalid_signature", "stale", "malformed", "too_large",
        "store_unavailable", "backend_rejected", "backend_unreachable", "over_budget", "method_not_allowed", "path_variant",
        "upgrade_refused", "forged_header", "policy_unavailable",
    ];

    public static string Label(this CallbackOutcome outcome) => Labels[(int)outcome];
}
