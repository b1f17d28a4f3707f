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
}

/// <summary>The label values of <see cref="CallbackOutcome"/>, in one place.</summary>
public static class CallbackOutcomes
{
    private static readonly string[] Labels =
    [
        "forwarded", "duplicate", "in_flight", "invalid_signature", "stale", "malformed", "too_large",
        "store_unavailable", "backend_rejected", "backend_unreachable",
    ];

    public static string Label(this CallbackOutcome outcome) => Labels[(int)outcome];
}
