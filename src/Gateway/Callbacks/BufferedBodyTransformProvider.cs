using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gateway.Callbacks;

/// <summary>Hands a verified callback's buffered body to the forwarder's client (<see cref="BufferedBodyHandler"/>).</summary>
internal sealed class BufferedBodyTransformProvider : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context) => context.AddRequestTransform(static transform =>
    {
        if (transform.HttpContext.Features.Get<BufferedBody>() is { } body)
        {
            transform.ProxyRequest.Options.Set(BufferedBodyContent.OptionKey, body.Content);
        }

        return ValueTask.CompletedTask;
    });
}
