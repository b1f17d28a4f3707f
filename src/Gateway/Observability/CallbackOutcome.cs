namespace Gateway.Observability;

/// <summary>How one callback ended; the value of the <c>outcome</c> label of <c>gateway_callbacks_total</c>.</summary>
internal enum CallbackOutcome
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

    /// <summary>The route names a policy that is not loaded (the route filter prevents it; fail closed all the same).</summary>
    PolicyUnavailable,
}
