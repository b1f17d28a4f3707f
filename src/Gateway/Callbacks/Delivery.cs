using Gateway.Observability;
using Yarp.ReverseProxy.Forwarder;
using Gateway.Model;

namespace Gateway.Callbacks;

/// <summary>
/// One verified callback's way to the backend under its claim: the claim's decision, the lease (which is also the
/// forward's deadline), and the settlement, exactly once. A backend's answer settles the claim before that answer reaches
/// the sender (in <c>OnStarting</c>): a 2xx is marked done, so a sender that saw success never finds the event claimable;
/// any other answer releases it, so a sender that retries at once is not told 409. Errors of the forwarder are settled
/// after it returns, which is also before the gateway's own error answer starts.
/// </summary>
internal sealed class Delivery(ClaimLifecycle lifecycle, CallbackPolicy policy, ClaimDecision decision, string key, string token, DateTimeOffset leaseEnds)
{
    private bool _settled;
    private HttpContext? _context;
    private CancellationToken _requestAborted;
    private CancellationTokenSource? _forward;

    public CallbackPolicy Policy => policy;

    public ClaimDecision Decision => decision;

    public string Key => key;

    public string Token => token;

    /// <summary>When the claim's lease ends; the forward is cancelled then, so it never outlives its claim.</summary>
    public DateTimeOffset LeaseEnds => leaseEnds;

    /// <summary>Whether the lease ended during the forward while the sender was still there: the backend is too slow.</summary>
    public bool TimedOut => _forward?.IsCancellationRequested == true && !_requestAborted.IsCancellationRequested;

    /// <summary>Forwards through <paramref name="next"/> (YARP) and settles the claim from how it ended.</summary>
    public async Task<CallbackOutcome> ForwardAsync(HttpContext context, RequestDelegate next, TimeProvider time)
    {
        var owned = decision == ClaimDecision.Claimed;
        _context = context;
        _requestAborted = context.RequestAborted;
        if (owned)
        {
            context.Response.OnStarting(static state => ((Delivery)state).OnResponseStartingAsync(), this);
        }

        context.Features.Set(this); // for LeaseDeadlineMiddleware, next to the forwarder
        var requestAborted = context.RequestAborted;
        var remaining = leaseEnds - time.GetUtcNow();
        remaining = remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
        using var forward = _forward = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);

        // On the system clock the linked source's own timer is the deadline; another clock (tests) needs a source of its own.
        using var deadline = time == TimeProvider.System ? null : new CancellationTokenSource(remaining, time);
        using var expiry = deadline?.Token.Register(static state => ((CancellationTokenSource)state!).Cancel(), forward);
        if (deadline is null)
        {
            forward.CancelAfter(remaining);
        }

        context.RequestAborted = forward.Token;
        try
        {
            await next(context);
        }
        catch
        {
            // Whatever threw, the backend may have the event: neither done nor free until the lease ends.
            if (owned)
            {
                await Settle(CallbackOutcome.BackendUnreachable, delivered: true);
            }

            throw;
        }
        finally
        {
            context.RequestAborted = requestAborted; // the linked sources are disposed when this method ends
        }

        var outcome = Classify(context, out var delivered);
        if (owned)
        {
            await Settle(outcome, delivered);
        }

        return outcome;
    }

    /// <summary>Before the response starts: the backend answered (no forwarder error), so settle before the sender sees it.</summary>
    private Task OnResponseStartingAsync()
    {
        var context = _context!;
        if (_settled || context.Features.Get<IForwarderErrorFeature>() is not null)
        {
            return Task.CompletedTask; // settled already, or the gateway's own error answer: settled after the forwarder
        }

        var accepted = context.Response.StatusCode is >= 200 and < 300;
        return Settle(accepted ? CallbackOutcome.Forwarded : CallbackOutcome.BackendRejected, delivered: true);
    }

    private Task Settle(CallbackOutcome outcome, bool delivered)
    {
        if (_settled)
        {
            return Task.CompletedTask;
        }

        _settled = true;
        if (outcome == CallbackOutcome.Forwarded)
        {
            return lifecycle.MarkDoneAsync(this);
        }

        if (outcome == CallbackOutcome.BackendRejected || !delivered)
        {
            return lifecycle.ReleaseAsync(this);
        }

        // Timed out or cut off after sending: the backend may have processed it, so neither done nor free until the lease ends.
        lifecycle.LeaveToExpire(this);
        return Task.CompletedTask;
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
}
