using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Callbacks;

/// <summary>
/// Sits right before the forwarder, inside YARP's passive health checks. A forward that its claim's lease cut off while the
/// sender was still there looks to YARP like a client cancellation, which passive health checks ignore; here it becomes
/// what it is, a timeout (so a hanging backend is marked unhealthy), answered 504 if nothing was sent yet.
/// </summary>
internal sealed class LeaseDeadlineMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (context.Features.Get<Delivery>() is { TimedOut: true }
            && context.Features.Get<IForwarderErrorFeature>() is { Error: ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled } error)
        {
            context.Features.Set<IForwarderErrorFeature>(new LeaseTimeout(error.Exception));
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
            }
        }
    }

    private sealed class LeaseTimeout(Exception? exception) : IForwarderErrorFeature
    {
        public ForwarderError Error => ForwarderError.RequestTimedOut;

        public Exception? Exception => exception;
    }
}
