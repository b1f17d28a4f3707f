using System.Diagnostics;
using Gateway.Configuration;
using Gateway.Deduplication;
using Gateway.Observability;
using Gateway.TrustedHeaders;
using Gateway.Verification;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Callbacks;

/// <summary>
/// Guards callback routes: reads the body (capped), verifies the sender's signature, claims the event in the dedup store,
/// and settles the claim from the backend's answer. It sits first in the proxy pipeline, after YARP has matched the route
/// (whose metadata names the policy) and before session affinity, load balancing and the forwarder, so a rejected callback
/// never reaches destination selection and the settlement sees the forwarder's outcome.
/// </summary>
internal sealed partial class CallbackMiddleware(
    RequestDelegate next,
    CallbackSettingsMonitor settings,
    IDedupStore store,
    ClaimSettler settler,
    BodyBudget budget,
    GatewayMetrics metrics,
    RejectionLog rejections,
    TimeProvider time,
    ILogger<CallbackMiddleware> logger)
{
    public Task InvokeAsync(HttpContext context)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        return route.Metadata?.TryGetValue(GatewayOptions.PolicyMetadataKey, out var policy) == true
            ? HandleCallbackAsync(context, route.RouteId, policy)
            : next(context);
    }

    private async Task HandleCallbackAsync(HttpContext context, string routeId, string policyName)
    {
        var current = settings.Current;
        var answers = new Answers(context, current.Gateway);
        if (!current.Policies.TryGetValue(policyName, out var policy))
        {
            // Fail closed: the route filter prevents this, but never forward a callback without its policy.
            Log.PolicyMissing(logger, routeId, policyName);
            await answers.RejectAsync(current.Gateway.StatusCodes.PolicyUnavailable, "policy_unavailable", "The callback policy of this route is not available.");
            return;
        }

        var maxBytes = (int)policy.Options.MaxBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            sizeLimit.MaxRequestBodySize = maxBytes + 1L; // our own cap answers first, with the policy's 413
        }

        var (body, read) = await PooledBody.ReadAsync(context.Request.Body, context.Request.ContentLength, maxBytes, budget, context.RequestAborted);
        using var owned = body;
        if (body is null)
        {
            await (read == PooledBody.Outcome.OverBudget
                ? RejectAsync(answers, routeId, policy, CallbackOutcome.OverBudget, "the gateway's budget for buffered bodies is spent", retryAfter: true)
                : RejectAsync(answers, routeId, policy, CallbackOutcome.TooLarge, $"body larger than {maxBytes} bytes"));
            return;
        }

        var request = new CallbackRequest(context.Request.Method, RequestUri(context), context.Request.Headers, body.Memory, time.GetUtcNow());
        var started = Stopwatch.GetTimestamp();
        var verification = policy.Verifier.Verify(request);
        metrics.ObserveVerification(policy.Name, Stopwatch.GetElapsedTime(started));
        if (!verification.IsVerified)
        {
            var outcome = verification.Status switch
            {
                VerificationStatus.Stale => CallbackOutcome.Stale,
                VerificationStatus.Malformed => CallbackOutcome.Malformed,
                _ => CallbackOutcome.InvalidSignature,
            };
            await RejectAsync(answers, routeId, policy, outcome, verification.Reason ?? "signature does not verify");
            return;
        }

        if (!EventIdentity.TryExtract(policy, request, verification.Identity, out var identity, out var problem))
        {
            await RejectAsync(answers, routeId, policy, CallbackOutcome.Malformed, problem!);
            return;
        }

        var claim = await ClaimAsync(current, policy, identity);
        switch (claim.Result)
        {
            case ClaimResult.Done:
                metrics.Count(routeId, policy.Name, CallbackOutcome.Duplicate);
                Log.Duplicate(logger, routeId, policy.Name, identity);
                await answers.DuplicateAsync(policy);
                return;
            case ClaimResult.InFlight:
                await RejectAsync(answers, routeId, policy, CallbackOutcome.InFlight, "the same event is being delivered by another request", retryAfter: true);
                return;
            case null:
                await RejectAsync(answers, routeId, policy, CallbackOutcome.StoreUnavailable, "the dedup store is unavailable", retryAfter: true);
                return;
        }

        var signature = current.SigningKey.Length == 0 ? null : GatewaySignature.Create(current.SigningKey, request.ReceivedAt, identity, body.Memory.Span);
        context.Features.Set(new VerifiedCallbackFeature(policy.Name, identity, signature, dedupSkipped: claim.Claim is null));

        // Forward exactly the bytes that were verified, with their length (a chunked request is forwarded with Content-Length).
        var receivedBody = context.Request.Body;
        context.Request.Body = new MemoryStream(body.Buffer, 0, body.Length, writable: false);
        context.Request.ContentLength = body.Length;
        context.Request.Headers.TransferEncoding = default;

        var settlement = claim.Claim is null ? null : new Settlement(this, settler, context, claim.Claim, policy);
        if (settlement is not null)
        {
            // Mark done before the backend's 2xx reaches the sender, so a sender that saw success never finds the event claimable.
            context.Response.OnStarting(static state => ((Settlement)state).OnResponseStartingAsync(), settlement);
        }

        // A forward never outlives its claim: past the lease another copy may claim the event, so give up on this one
        // (YARP cancels the backend request) and answer 504; its outcome is unknown, so the sender retries.
        var requestAborted = context.RequestAborted;
        using var leaseEnds = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        leaseEnds.CancelAfter(policy.Options.Dedup.Lease);
        context.RequestAborted = leaseEnds.Token;

        var forwardStarted = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            context.RequestAborted = requestAborted; // the linked source is disposed when this method ends
            context.Request.Body = receivedBody;     // the buffer goes back to the pool when this method ends
        }

        if (leaseEnds.IsCancellationRequested && !requestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
        }

        var forwarded = Classify(context, out var delivered);
        if (settlement is not null)
        {
            await settlement.AfterForwardAsync(forwarded, delivered);
        }

        metrics.ObserveForward(policy.Name, Stopwatch.GetElapsedTime(forwardStarted));
        metrics.Count(routeId, policy.Name, forwarded);
        Log.Forwarded(logger, routeId, policy.Name, identity, forwarded.Label(), context.Response.StatusCode);
    }

    /// <summary>Claims the event; a null result means the store is down and the policy rejects, a null claim that it forwards unmarked.</summary>
    private async Task<(ClaimResult? Result, Claim? Claim)> ClaimAsync(CallbackSettings current, CallbackPolicy policy, string identity)
    {
        var key = DedupKeys.For(current.Gateway.KeyPrefix, policy.Name, identity);
        var token = DedupKeys.NewToken();
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Not the request's token: once asked, the store's answer must be known, even if the sender hangs up.
            var leaseEnds = time.GetUtcNow() + policy.Options.Dedup.Lease;
            var result = await store.TryClaimAsync(key, token, policy.Options.Dedup.Lease, CancellationToken.None);
            return (result, result == ClaimResult.Claimed ? new Claim(key, token, leaseEnds) : null);
        }
        catch (DedupStoreUnavailableException ex)
        {
            // The reason, not the exception: during an outage every request lands here, and stack traces would flood the log.
            Log.StoreUnavailable(logger, policy.Name, ex.InnerException?.Message ?? ex.Message);
            if (policy.Options.WhenStoreUnavailable == StoreUnavailableBehavior.Reject)
            {
                return (null, null);
            }

            metrics.DedupSkipped(policy.Name);
            return (ClaimResult.Claimed, null);
        }
        finally
        {
            metrics.ObserveStore(StoreOperations.Claim, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>How the forward ended; <paramref name="delivered"/> is false only when the request certainly never reached a backend.</summary>
    private static CallbackOutcome Classify(HttpContext context, out bool delivered)
    {
        var error = context.Features.Get<IForwarderErrorFeature>();
        var accepted = context.Response.StatusCode is >= 200 and < 300;
        if (error is null || accepted)
        {
            delivered = true;
            return accepted ? CallbackOutcome.Forwarded : CallbackOutcome.BackendRejected;
        }

        delivered = !(error.Error == ForwarderError.NoAvailableDestinations
            || (error.Error == ForwarderError.Request && NeverConnected(error.Exception)));
        return CallbackOutcome.BackendUnreachable;
    }

    private static bool NeverConnected(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
            {
                return true;
            }
        }

        return false;
    }

    private async Task RejectAsync(Answers answers, string routeId, CallbackPolicy policy, CallbackOutcome outcome, string reason, bool retryAfter = false)
    {
        metrics.Count(routeId, policy.Name, outcome);
        rejections.Rejected(routeId, policy.Name, outcome.Label(), reason);
        var codes = answers.Gateway.StatusCodes;
        var status = outcome switch
        {
            CallbackOutcome.TooLarge => codes.TooLarge,
            CallbackOutcome.Malformed => codes.Malformed,
            CallbackOutcome.Stale => codes.Stale,
            CallbackOutcome.InFlight => codes.InFlight,
            CallbackOutcome.StoreUnavailable => codes.StoreUnavailable,
            CallbackOutcome.OverBudget => codes.OverBudget,
            _ => codes.InvalidSignature,
        };
        await answers.RejectAsync(status, outcome.Label(), reason, retryAfter);
    }

    private static string RequestUri(HttpContext context)
    {
        // The raw target is what the sender signed: path and query before decoding or any route transform.
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return raw is { Length: > 0 } && raw[0] == '/'
            ? raw
            : string.Concat(context.Request.PathBase.ToUriComponent(), context.Request.Path.ToUriComponent(), context.Request.QueryString.ToUriComponent());
    }

    private void LeaveToExpire(CallbackPolicy policy) => Log.OutcomeUnknown(logger, policy.Name);

    /// <summary>Settles one claim from the backend's answer, exactly once.</summary>
    private sealed class Settlement(CallbackMiddleware owner, ClaimSettler settler, HttpContext context, Claim claim, CallbackPolicy policy)
    {
        private bool _settled;

        /// <summary>Before the response starts: a backend 2xx is marked done before the sender can see it.</summary>
        public Task OnResponseStartingAsync()
        {
            if (_settled || context.Response.StatusCode is < 200 or >= 300 || context.Features.Get<IForwarderErrorFeature>() is not null)
            {
                return Task.CompletedTask;
            }

            _settled = true;
            return settler.MarkDoneAsync(claim, policy);
        }

        /// <summary>After the forwarder: done on 2xx; released when the backend refused it or never got it; else left to expire.</summary>
        public Task AfterForwardAsync(CallbackOutcome outcome, bool delivered)
        {
            if (_settled)
            {
                return Task.CompletedTask;
            }

            _settled = true;
            if (outcome == CallbackOutcome.Forwarded)
            {
                return settler.MarkDoneAsync(claim, policy);
            }

            if (outcome == CallbackOutcome.BackendRejected || !delivered)
            {
                return settler.ReleaseAsync(claim, policy);
            }

            // Timed out or cut off after sending: the backend may have processed it, so neither done nor free until the lease ends.
            owner.LeaveToExpire(policy);
            return Task.CompletedTask;
        }
    }
}
