namespace Gateway.Observability;

/// <summary>The names of the gateway's own series, in one place: the dashboard and the alert rules in <c>deploy/</c> use them.</summary>
internal static class MetricNames
{
    public const string Callbacks = "gateway_callbacks_total";
    public const string VerificationDuration = "gateway_verification_duration_seconds";
    public const string StoreDuration = "gateway_dedup_store_duration_seconds";
    public const string ForwardDuration = "gateway_callback_forward_duration_seconds";
    public const string DedupSkipped = "gateway_dedup_skipped_total";
    public const string SettleFailures = "gateway_dedup_settle_failures_total";
    public const string SettleRetriesPending = "gateway_dedup_settle_retries_pending";
    public const string StoreUp = "gateway_dedup_store_up";
    public const string BufferedBodyBytes = "gateway_buffered_body_bytes";
    public const string ConfigReloads = "gateway_config_reloads_total";
    public const string ConfigLastReloadSuccessful = "gateway_config_last_reload_successful";
}
