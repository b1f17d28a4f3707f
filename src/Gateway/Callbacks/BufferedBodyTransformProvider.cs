using Gateway.Configuration;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gateway.Callbacks;

/// <summary>
/// Hands a verified callback's buffered body to the forwarder's client (<see cref="BufferedBodyHandler"/>). Only callback
/// routes get the transform: a plain route never has a buffered body, and pays nothing for it.
/// </summary>
internal sealed class BufferedBodyTransformProvider : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (context.Route.Metadata?.ContainsKey(GatewayOptions.PolicyMetadataKey) == true)
        {
            context.AddRequestTransform(HandOver);
        }
    }

    private static ValueTask HandOver(RequestTransformContext transform)
    {
        if (transform.HttpContext.Features.Get<BufferedBody>() is { } body)
        {
            transform.ProxyRequest.Options.Set(BufferedBodyContent.OptionKey, body.Content);
        }

        return ValueTask.CompletedTask;
    }
}
