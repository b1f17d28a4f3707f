using System.Diagnostics;
using Gateway.Configuration;
using Gateway.Deduplication;
using Gateway.Observability;

namespace Gateway.Callbacks;

/// <summary>One claim in the dedup store: whose it is and until when.</summary>
internal sealed record Claim(string Key, string Token, DateTimeOffset LeaseEnds);

/// <summary>
/// Settles claims after the backend answered: marks them done, or releases them. When the store is unavailable it keeps
/// trying in the background (for the claim's lease, at least 30 s), so a short outage does not leave a delivered event
/// claimable again once its lease ends (a concurrent copy of it would then be forwarded a second time).
/// </summary>
internal sealed partial class ClaimSettler(IDedupStore store, GatewayMetrics metrics, TimeProvider time, ILogger<ClaimSettler> logger)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>Retries go on at least this long, even past a short lease: a late "done" still stops a later copy.</summary>
    private static readonly TimeSpan MinRetryWindow = TimeSpan.FromSeconds(30);

    public async Task MarkDoneAsync(Claim claim, CallbackPolicy policy)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            Settled(StoreOperations.MarkDone, policy, await store.MarkDoneAsync(claim.Key, claim.Token, policy.Options.Dedup.Retention, CancellationToken.None));
        }
        catch (DedupStoreUnavailableException ex)
        {
            Log.SettleRetrying(logger, StoreOperations.MarkDone, policy.Name, ex.InnerException?.Message ?? ex.Message);
            _ = RetryAsync(StoreOperations.MarkDone, policy, claim, () => store.MarkDoneAsync(claim.Key, claim.Token, policy.Options.Dedup.Retention, CancellationToken.None));
        }
        finally
        {
            metrics.ObserveStore(StoreOperations.MarkDone, Stopwatch.GetElapsedTime(started));
        }
    }

    public async Task ReleaseAsync(Claim claim, CallbackPolicy policy)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await store.ReleaseAsync(claim.Key, claim.Token, CancellationToken.None);
        }
        catch (DedupStoreUnavailableException ex)
        {
            // Until it is released, the sender's retry gets 409; at worst it goes through when the lease ends.
            Log.SettleRetrying(logger, StoreOperations.Release, policy.Name, ex.InnerException?.Message ?? ex.Message);
            _ = RetryAsync(StoreOperations.Release, policy, claim, () => store.ReleaseAsync(claim.Key, claim.Token, CancellationToken.None));
        }
        finally
        {
            metrics.ObserveStore(StoreOperations.Release, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task RetryAsync(string operation, CallbackPolicy policy, Claim claim, Func<Task<bool>> settle)
    {
        var delay = FirstRetryDelay;
        var until = claim.LeaseEnds > time.GetUtcNow() + MinRetryWindow ? claim.LeaseEnds : time.GetUtcNow() + MinRetryWindow;
        while (until - time.GetUtcNow() is var remaining && remaining > TimeSpan.Zero)
        {
            await Task.Delay(delay < remaining ? delay : remaining, time).ConfigureAwait(false);
            try
            {
                var result = await settle().ConfigureAwait(false);
                Log.SettleRecovered(logger, operation, policy.Name);
                Settled(operation, policy, result);
                return;
            }
            catch (DedupStoreUnavailableException)
            {
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }

        // Given up: the claim expires with its lease. Only a lost "done" matters: a copy arriving from now on passes again.
        metrics.SettleFailed(operation);
        Log.SettleFailed(logger, operation, policy.Name);
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
        [LoggerMessage(1, LogLevel.Warning, "Dedup store {Operation} failed for policy {Policy} ({Reason}); retrying in the background", EventName = "SettleRetrying")]
        public static partial void SettleRetrying(ILogger logger, string operation, string policy, string reason);

        [LoggerMessage(2, LogLevel.Information, "Dedup store {Operation} for policy {Policy} succeeded on retry", EventName = "SettleRecovered")]
        public static partial void SettleRecovered(ILogger logger, string operation, string policy);

        [LoggerMessage(3, LogLevel.Error, "Dedup store {Operation} for policy {Policy} failed until the claim's lease ended; the claim has expired", EventName = "SettleFailed")]
        public static partial void SettleFailed(ILogger logger, string operation, string policy);

        [LoggerMessage(4, LogLevel.Warning, "Policy {Policy}: the claim had passed to another request before it could be marked done", EventName = "ClaimLost")]
        public static partial void ClaimLost(ILogger logger, string policy);
    }
}
