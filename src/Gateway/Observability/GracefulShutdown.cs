using Gateway.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Gateway.Observability;

/// <summary>
/// The first step of a shutdown: <c>/readyz</c> turns unready at once (SIGTERM, or the host stopping), and the gateway goes
/// on serving for <c>Gateway:ShutdownDelay</c>, so a load balancer takes it out of rotation before it stops accepting.
/// What follows is the host's own order: Kestrel stops accepting and waits for in-flight requests, each of which settles
/// its claim before it ends (<see cref="Callbacks.Delivery"/>); then <see cref="Callbacks.ClaimLifecycle"/> drains the
/// settlements still being retried; then the store's connection is closed. All within the host's shutdown timeout.
/// </summary>
internal sealed partial class GracefulShutdown(
    IHostApplicationLifetime lifetime,
    CallbackSettingsMonitor settings,
    IOptions<HostOptions> host,
    TimeProvider time,
    ILogger<GracefulShutdown> logger) : IHostedLifecycleService, IHealthCheck
{
    private volatile bool _draining;

    /// <summary>Whether the gateway is shutting down (and so unready).</summary>
    public bool IsDraining => _draining || lifetime.ApplicationStopping.IsCancellationRequested;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(IsDraining ? HealthCheckResult.Unhealthy("shutting down") : HealthCheckResult.Healthy());

    /// <summary>Runs before any hosted service stops, Kestrel included: the gateway still serves while it waits.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        // At most half the host's shutdown timeout, so in-flight callbacks always keep time to finish and settle.
        var delay = settings.Current.Gateway.ShutdownDelay;
        var half = host.Value.ShutdownTimeout / 2;
        delay = delay < half ? delay : half;
        Log.Draining(logger, delay.TotalSeconds);
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout ran out first: go on stopping.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(LogEvents.Draining, LogLevel.Information, "Shutting down: /readyz is unready; serving for {DelaySeconds} s more, then in-flight callbacks finish and their claims are settled", EventName = "Draining")]
        public static partial void Draining(ILogger logger, double delaySeconds);
    }
}
