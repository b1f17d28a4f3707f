namespace Gateway.Callbacks;

/// <summary>How one callback ended; the value of the <c>outcome</c> label of <c>gateway_callbacks_total</c>.</summary>
public enum CallbackOutcome
{
    Forwarded,
    Duplicate,
    InFlight,
    InvalidSignature,
    Stale,
    Malformed,
    TooLarge,
    StoreUnavailable,
    BackendRejected,
    BackendUnreachable,

    /// <summary>The gateway's budget for buffered bodies was spent; the sender retries later.</summary>
    OverBudget,

    /// <summary>The path guard: a callback path with a method its route does not take.</summary>
    MethodNotAllowed,

    /// <summary>The path guard: another form of a callback path (case, <c>;x</c>, <c>//</c>, <c>.json</c>…) that missed its route.</summary>
    PathVariant,

    /// <summary>The path guard: a protocol upgrade (WebSocket, h2c) on a callback path.</summary>
    UpgradeRefused,

    /// <summary>A header that a CGI-style backend reads as a trusted header (<c>X_Callback_Verified</c>).</summary>
    ForgedHeader,
}

/// <summary>The label values of <see cref="CallbackOutcome"/>, in one place.</summary>
public static class CallbackOutcomes
{
    private static readonly string[] Labels =
    [
        "forwarded", "duplicate", "in_flight", "invalid_signature", "stale", "malformed", "too_large",
        "store_unavailable", "backend_rejected", "backend_unreachable", "over_budget", "method_not_allowed", "path_variant",
        "upgrade_refused", "forged_header",
    ];

    public static string Label(this CallbackOutcome outcome) => Labels[(int)outcome];
}
