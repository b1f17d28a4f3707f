using Gateway.Callbacks;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Gateway.Tests.Callbacks;

public sealed class BufferedBodyTransformProviderTests
{
    [Fact]
    public void Apply_CallbackRoute_AddsTheHandOver()
    {
        var context = Context(new Dictionary<string, string> { ["CallbackPolicy"] = "shop" });

        new BufferedBodyTransformProvider().Apply(context);

        Assert.Single(context.RequestTransforms);
    }

    [Fact]
    public void Apply_PlainRoute_AddsNothing()
    {
        var context = Context(metadata: null);

        new BufferedBodyTransformProvider().Apply(context);

        Assert.Empty(context.RequestTransforms);
    }

    private static TransformBuilderContext Context(IReadOnlyDictionary<string, string>? metadata) => new()
    {
        Route = new RouteConfig { RouteId = "r", ClusterId = "c", Match = new RouteMatch { Path = "/hooks" }, Metadata = metadata },
    };
}
