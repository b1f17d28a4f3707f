using System.Collections.Concurrent;
using System.Diagnostics;
using Gateway.Configuration;
using Gateway.Deduplication;
using Gateway.Observability;
using Gateway.Model;

namespace Gateway.Callbacks;

/// <summary>
/// An event's claim in the dedup store, from the claim to its settlement: claims it (<see cref="ClaimAsync"/>), and settles
/// it once the backend has answered, marked done or released. When the store is unavailable at settlement it keeps trying
/// in the background (for the claim's lease, at least 30 s), so a short outage does not leave a delivered event claimable
/// again once its lease ends (a concurrent copy would then be forwarded a second time). On graceful shutdown those retries
/// are drained: each makes a last attempt at once and the host waits for them, so none outlives the store's connection.
/// </summary>
internal sealed partial class ClaimLifecycle(IDedupStore store, GatewayMetrics metrics, TimeProvider time, ILogger<ClaimLifecycle> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>Retries go on at least this long, even past a short lease: a late "done" still stops a later copy.</summary>
    private static readonly TimeSpan MinRetryWindow = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Task, byte> _retries = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Settlements still being retried in the background.</summary>
    public int PendingRetries => _retries.Keys.Count(retry => !retry.IsCompleted);

    /// <summary>Claims the event for this request; the lease and the forward's deadline are the same instant, taken here.</summary>
    public async Task<Delivery> ClaimAsync(CallbackPolicy policy, string keyPrefix, string identity)
    {
        var key = DedupKeys.For(keyPrefix, policy.Name, identity);
        var token = DedupKeys.NewToken();
        var leaseEnds = time.GetUtcNow() + policy.Lease;
        using var span = GatewayTracing.StartClaim(policy.Name, identity);
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Not the request's token: once asked, the store's answer must be known, even if the sender hangs up.
            var result = await store.TryClaimAsync(key, token, policy.Lease, CancellationToken.None);
            var decision = result switch
            {
                ClaimResult.Claimed => ClaimDecision.Claimed,
                ClaimResult.Done => ClaimDecision.Duplicate,
                _ => ClaimDecision.InFlight,
            };
            GatewayTracing.SetDecision(span, decision);
            return new Delivery(this, policy, decision, key, token, leaseEnds);
        }
        catch (DedupStoreUnavailableException ex)
        {
            // The reason, not the exception: during an outage every request lands here, and stack traces would flood the log.
            Log.StoreUnavailable(logger, policy.Name, ex.InnerException?.Message ?? ex.Message);
            if (policy.WhenStoreUnavailable == StoreUnavailableBehavior.Reject)
            {
                GatewayTracing.SetDecision(span, ClaimDecision.StoreUnavailable);
                return new Delivery(this, policy, ClaimDecision.StoreUnavailable, key, token, leaseEnds);
            }

            GatewayTracing.SetDecision(span, ClaimDecision.ForwardWithoutDedup);
            metrics.DedupSkipped(policy.Name);
            return new Delivery(this, policy, ClaimDecision.ForwardWithoutDedup, key, token, leaseEnds);
        }
        finally
        {
            metrics.ObserveStore(StoreOperations.Claim, Stopwatch.GetElapsedTime(started));
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Drains the background retries: each tries once more now; the host waits for them up to its shutdown timeout.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_retries.Keys).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout: what is left expires with its lease.
        }
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>The backend accepted the event: done, so every later copy is a duplicate.</summary>
    internal Task MarkDoneAsync(Delivery delivery) =>
        SettleAsync(delivery, StoreOperations.MarkDone, () => store.MarkDoneAsync(delivery.Key, delivery.Token, delivery.Policy.Retention, CancellationToken.None));

    /// <summary>The backend refused the event or never got it: free, so the sender's retry can claim it.</summary>
    internal Task ReleaseAsync(Delivery delivery) =>
        SettleAsync(delivery, StoreOperations.Release, () => store.ReleaseAsync(delivery.Key, delivery.Token, CancellationToken.None));

    internal void LeaveToExpire(Delivery delivery) => Log.OutcomeUnknown(logger, delivery.Policy.Name);

    private async Task SettleAsync(Delivery delivery, string operation, Func<Task<bool>> settle)
    {
        using var span = GatewayTracing.StartSettle(delivery.Policy.Name, operation);
        var started = Stopwatch.GetTimestamp();
        try
        {
            Settled(operation, delivery.Policy, await settle());
        }
        catch (DedupStoreUnavailableException ex)
        {
            GatewayTracing.SetStoreUnavailable(span);
            // Until a release lands, the sender's retry gets 409; until a done lands, a copy could pass once the lease ends.
            Log.SettleRetrying(logger, operation, delivery.Policy.Name, ex.InnerException?.Message ?? ex.Message);
            Track(RetryAsync(operation, delivery, settle));
        }
        finally
        {
            metrics.ObserveStore(operation, Stopwatch.GetElapsedTime(started));
        }
    }

    private void Track(Task retry)
    {
        _retries.TryAdd(retry, 0);
        retry.ContinueWith(static (done, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(done, out _), _retries, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RetryAsync(string operation, Delivery delivery, Func<Task<bool>> settle)
    {
        var policy = delivery.Policy.Name;
        var delay = FirstRetryDelay;
        var now = time.GetUtcNow();
        var until = delivery.LeaseEnds > now + MinRetryWindow ? delivery.LeaseEnds : now + MinRetryWindow;
        try
        {
            while (until - time.GetUtcNow() is var remaining && remaining > TimeSpan.Zero)
            {
                var stopping = _stopping.IsCancellationRequested;
                if (!stopping)
                {
                    try
                    {
                        await Task.Delay(delay < remaining ? delay : remaining, time, _stopping.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        stopping = true; // shutting down: one last attempt now
                    }
                }

                try
                {
                    var owned = await settle().ConfigureAwait(false);
                    Log.SettleRecovered(logger, operation, policy);
                    Settled(operation, delivery.Policy, owned);
                    return;
                }
                catch (DedupStoreUnavailableException) when (!stopping)
                {
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
                }
                catch (DedupStoreUnavailableException)
                {
                    metrics.SettleFailed(operation);
                    Log.SettleAbandonedAtShutdown(logger, operation, policy);
                    return;
                }
            }

            // Given up: the claim expires with its lease. Only a lost "done" matters: a copy arriving from now on passes again.
            metrics.SettleFailed(operation);
            Log.SettleFailed(logger, operation, policy);
        }
        catch (Exception ex)
        {
            // Runs unobserved: whatever went wrong must be seen.
            metrics.SettleFailed(operation);
            Log.SettleError(logger, operation, policy, ex);
        }
    }

    private void Settled(string operation, CallbackPolicy policy, bool ownedClaim)
    {
        if (!ownedClaim && operation == StoreOperations.MarkDone)
        {
            Log.ClaimLost(logger, policy.Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.StoreUnavailable, LogLevel.Warning, "Dedup store unavailable for policy {Policy}: {Reason}", EventName = "StoreUnavailable")]
        public static partial void StoreUnavailable(ILogger logger, string policy, string reason);

        [LoggerMessage(LogEvents.OutcomeUnknown, LogLevel.Warning, "Policy {Policy}: the backend's answer is unknown (timeout or lost connection); the claim is left to expire", EventName = "OutcomeUnknown")]
        public static partial void OutcomeUnknown(ILogger logger, string policy);

        [LoggerMessage(LogEvents.SettleRetrying, LogLevel.Warning, "Dedup store {Operation} failed for policy {Policy} ({Reason}); retrying in the background", EventName = "SettleRetrying")]
        public static partial void SettleRetrying(ILogger logger, string operation, string policy, string reason);

        [LoggerMessage(LogEvents.SettleRecovered, LogLevel.Information, "Dedup store {Operation} for policy {Policy} succeeded on retry", EventName = "SettleRecovered")]
        public static partial void SettleRecovered(ILogger logger, string operation, string policy);

        [LoggerMessage(LogEvents.SettleFailed, LogLevel.Error, "Dedup store {Operation} for policy {Policy} failed until the claim's lease ended; the claim has expired", EventName = "SettleFailed")]
        public static partial void SettleFailed(ILogger logger, string operation, string policy);

        [LoggerMessage(LogEvents.ClaimLost, LogLevel.Warning, "Policy {Policy}: the claim had passed to another request before it could be marked done", EventName = "ClaimLost")]
        public static partial void ClaimLost(ILogger logger, string policy);

        [LoggerMessage(LogEvents.SettleError, LogLevel.Error, "Dedup store {Operation} for policy {Policy} failed unexpectedly; the claim expires with its lease", EventName = "SettleError")]
        public static partial void SettleError(ILogger logger, string operation, string policy, Exception exception);

        [LoggerMessage(LogEvents.SettleAbandonedAtShutdown, LogLevel.Error, "Dedup store {Operation} for policy {Policy} still failed at shutdown; the claim expires with its lease", EventName = "SettleAbandonedAtShutdown")]
        public static partial void SettleAbandonedAtShutdown(ILogger logger, string operation, string policy);
    }
}
