using System.Diagnostics;
using Gateway.Configuration;
using Gateway.Identity;
using Gateway.Observability;
using Gateway.TrustedHeaders;
using Gateway.Verification;
using Gateway.Model;

namespace Gateway.Callbacks;

/// <summary>
/// Guards callback routes: read the body (capped) → verify the sender's signature → identify the event from signed content →
/// claim it in the dedup store → forward → settle the claim from the backend's answer. It sits first in the proxy pipeline,
/// after YARP has matched the route (whose metadata names the policy) and before session affinity, load balancing and the
/// forwarder, so a rejected callback never reaches destination selection and the settlement sees the forwarder's outcome.
/// </summary>
internal sealed partial class CallbackMiddleware(
    RequestDelegate next,
    CallbackSettingsMonitor settings,
    ClaimLifecycle claims,
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
        var current = settings.For(context);
        var responses = new CallbackResponses(context, current.Gateway);
        if (!current.Policies.TryGetValue(policyName, out var policy))
        {
            // Fail closed: the route filter prevents this, but never forward a callback without its policy.
            Log.PolicyMissing(logger, routeId, policyName);
            metrics.Count(routeId, policyName, CallbackOutcome.PolicyUnavailable);
            await responses.RejectAsync(CallbackOutcome.PolicyUnavailable, "the callback policy of this route is not loaded");
            return;
        }

        var maxBytes = policy.MaxBodyBytes;
        var (body, read) = await BufferedBody.ReadAsync(context, maxBytes, budget);
        await using var bodyScope = body;
        if (body is null)
        {
            await (read switch
            {
                PooledBody.Outcome.OverBudget => RejectAsync(responses, routeId, policy, CallbackOutcome.OverBudget, "the gateway's budget for buffered bodies is spent"),
                PooledBody.Outcome.Malformed => RejectAsync(responses, routeId, policy, CallbackOutcome.Malformed, "the request body's framing is invalid"),
                _ => RejectAsync(responses, routeId, policy, CallbackOutcome.TooLarge, $"body larger than {maxBytes} bytes"),
            });
            return;
        }

        var request = CallbackRequest.From(context, body.Bytes, time.GetUtcNow());
        var verification = Verify(routeId, policy, request);
        if (!verification.IsVerified)
        {
            await RejectAsync(responses, routeId, policy, OutcomeOf(verification.Status), verification.Reason ?? "signature does not verify");
            return;
        }

        if (!EventIdentity.TryExtract(policy.Identity, request, verification.Identity, out var identity, out var problem))
        {
            await RejectAsync(responses, routeId, policy, CallbackOutcome.Malformed, problem!);
            return;
        }

        var delivery = await claims.ClaimAsync(policy, current.Gateway.KeyPrefix, identity);
        switch (delivery.Decision)
        {
            case ClaimDecision.Duplicate:
                metrics.Count(routeId, policy.Name, CallbackOutcome.Duplicate);
                GatewayTracing.TagRequest(routeId, policy.Name, CallbackOutcome.Duplicate);
                Log.Duplicate(logger, routeId, policy.Name, identity, CallbackOutcome.Duplicate.Label());
                await responses.DuplicateAsync(policy);
                return;
            case ClaimDecision.InFlight:
                await RejectAsync(responses, routeId, policy, CallbackOutcome.InFlight, "the same event is being delivered by another request");
                return;
            case ClaimDecision.StoreUnavailable:
                await RejectAsync(responses, routeId, policy, CallbackOutcome.StoreUnavailable, "the dedup store is unavailable");
                return;
        }

        var signature = current.SigningKey.Length == 0 ? null : GatewaySignature.Create(current.SigningKey, request.ReceivedAt, identity, body.Bytes.Span);
        context.Features.Set(new VerifiedCallbackFeature(policy.Name, identity, signature, dedupSkipped: delivery.Decision == ClaimDecision.ForwardWithoutDedup));
        context.Features.Set(body); // forwarded from memory, in one write with the headers (BufferedBodyHandler)

        var started = Stopwatch.GetTimestamp();
        var outcome = CallbackOutcome.BackendUnreachable;
        var span = GatewayTracing.StartForward(routeId, policy.Name, identity); // YARP's client span and the settlement run under it
        try
        {
            outcome = await delivery.ForwardAsync(context, next, time);
        }
        finally
        {
            // Counted and logged also when the forward threw (the claim is settled by then).
            GatewayTracing.SetOutcome(span, outcome);
            span?.Dispose();
            metrics.ObserveForward(policy.Name, Stopwatch.GetElapsedTime(started));
            metrics.Count(routeId, policy.Name, outcome);
            GatewayTracing.TagRequest(routeId, policy.Name, outcome);
            Log.Forwarded(logger, routeId, policy.Name, identity, outcome.Label(), context.Response.StatusCode);
        }
    }

    private VerificationResult Verify(string routeId, CallbackPolicy policy, in CallbackRequest request)
    {
        using var span = GatewayTracing.StartVerify(routeId, policy.Name);
        var started = Stopwatch.GetTimestamp();
        var verification = policy.Verifier.Verify(request);
        metrics.ObserveVerification(policy.Name, Stopwatch.GetElapsedTime(started));
        if (!verification.IsVerified)
        {
            GatewayTracing.SetOutcome(span, OutcomeOf(verification.Status));
        }

        return verification;
    }

    private static CallbackOutcome OutcomeOf(VerificationStatus status) => status switch
    {
        VerificationStatus.Stale => CallbackOutcome.Stale,
        VerificationStatus.Malformed => CallbackOutcome.Malformed,
        _ => CallbackOutcome.InvalidSignature,
    };

    private Task RejectAsync(CallbackResponses responses, string routeId, CallbackPolicy policy, CallbackOutcome outcome, string reason)
    {
        metrics.Count(routeId, policy.Name, outcome);
        GatewayTracing.TagRequest(routeId, policy.Name, outcome);
        rejections.Rejected(routeId, policy.Name, outcome.Label(), reason);
        return responses.RejectAsync(outcome, reason);
    }
}
