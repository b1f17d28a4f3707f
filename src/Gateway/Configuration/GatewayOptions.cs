namespace Gateway.Configuration;

/// <summary>Gateway-wide settings (section <c>Gateway</c>): trusted header names, the gateway's own signing key, dedup keys and answers.</summary>
internal sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>The route metadata key that turns a YARP route into a callback route.</summary>
    public const string PolicyMetadataKey = "CallbackPolicy";

    public TrustedHeaderNames TrustedHeaders { get; set; } = new();

    /// <summary>Key for <c>X-Callback-Gateway-Signature</c>; when empty that header is not sent.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Prefix of every dedup key: <c>{KeyPrefix}:{policy}:{sha256(identity)}</c>.</summary>
    public string KeyPrefix { get; set; } = "cbgw";

    /// <summary>The Retry-After given with 409 (in flight elsewhere) and 503 (store unavailable).</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The status codes of the gateway's own answers (key <c>StatusCodes</c>; named apart from ASP.NET Core's <c>StatusCodes</c>).</summary>
    [ConfigurationKeyName("StatusCodes")]
    public RejectionStatusCodes RejectionStatusCodes { get; set; } = new();

    /// <summary>
    /// Whether a rejection's problem+json carries a <c>detail</c> saying which check failed. Off by default: it would tell an
    /// unauthenticated client what to change next. The log always has it.
    /// </summary>
    public bool ExposeRejectionDetail { get; set; }

    /// <summary>
    /// The most bytes that callback bodies being read may hold at once, over all requests; past it a callback gets 503 with
    /// Retry-After. Bounds what slow senders declaring large bodies can make the gateway reserve.
    /// </summary>
    public long MaxBufferedBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Where <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> are served, e.g. <c>http://127.0.0.1:9091</c> (several separated
    /// by <c>;</c>, each with its own port). When set, they are not answered on the proxy's port. Read at startup.
    /// </summary>
    public string? ManagementUrls { get; set; }

    /// <summary>
    /// On shutdown (SIGTERM), how long the gateway keeps serving with <c>/readyz</c> unready before it stops accepting, so a
    /// load balancer sends new callbacks elsewhere first. In-flight callbacks then finish and are settled within the host's
    /// shutdown timeout (<c>HostOptions:ShutdownTimeout</c>, 30 s), which this delay is part of.
    /// </summary>
    public TimeSpan ShutdownDelay { get; set; } = TimeSpan.FromSeconds(5);
}
