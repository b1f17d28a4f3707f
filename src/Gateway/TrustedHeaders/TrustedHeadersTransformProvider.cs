using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;
using Gateway.Model;

namespace Gateway.TrustedHeaders;

/// <summary>
/// On every route: removes the trusted headers from what is forwarded, whatever the client sent or a route transform set,
/// then sets them on verified callbacks only. Providers' transforms run after the route's own, so nothing can add them back.
/// </summary>
internal sealed class TrustedHeadersTransformProvider(CallbackSettingsMonitor monitor) : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context) => context.AddRequestTransform(Transform);

    private ValueTask Transform(RequestTransformContext context)
    {
        var current = monitor.For(context.HttpContext);
        var names = current.Gateway.TrustedHeaders;
        var headers = context.ProxyRequest.Headers;
        foreach (var name in current.TrustedHeaderNames)
        {
            headers.Remove(name);
            context.ProxyRequest.Content?.Headers.Remove(name);
        }

        if (context.HttpContext.Features.Get<VerifiedCallbackFeature>() is { } callback)
        {
            headers.TryAddWithoutValidation(names.Verified, callback.Policy);
            headers.TryAddWithoutValidation(names.EventId, callback.EventId);
            if (callback.GatewaySignature is not null)
            {
                headers.TryAddWithoutValidation(names.Signature, callback.GatewaySignature);
            }

            if (callback.DedupSkipped)
            {
                headers.TryAddWithoutValidation(names.DedupSkipped, "store-unavailable");
            }
        }

        return ValueTask.CompletedTask;
    }
}
