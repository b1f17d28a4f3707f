using Gateway.Guard;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.Tests.Guard;

/// <summary>Where a callback route's handler lives on the backend, as the guard works it out from the route and cluster.</summary>
public sealed class GuardedRoutesTests
{
    [Theory]
    [InlineData("PathSet", "/legacy/ixopay.php", "/legacy/ixopay.php")]
    [InlineData("PathPrefix", "/app", "/app/callbacks/x")]
    [InlineData("PathRemovePrefix", "/callbacks", "/x")]
    [InlineData("PathPattern", "/hooks/{**rest}", "/hooks/{**rest}")]
    public void Paths_PathTransform_GuardsTheBackendPathToo(string transform, string value, string backend)
    {
        var route = Route("/callbacks/x", new Dictionary<string, string> { [transform] = value });

        var paths = GuardedRoutes.Paths(route, cluster: null).ToList();

        Assert.Equal(["/callbacks/x", backend], paths);
    }

    [Fact]
    public void Paths_DestinationWithPathPrefix_GuardsThePrefixedPath()
    {
        var cluster = new ClusterConfig
        {
            ClusterId = "c",
            Destinations = new Dictionary<string, DestinationConfig>
            {
                ["a"] = new() { Address = "http://127.0.0.1:5080/shop/" },
                ["b"] = new() { Address = "http://127.0.0.1:5081/" },
            },
        };

        var paths = GuardedRoutes.Paths(Route("/callbacks/x"), cluster).ToList();

        Assert.Equal(["/callbacks/x", "/shop/callbacks/x"], paths);
    }

    [Fact]
    public void Paths_NoTransformNoPrefix_OnlyThePublicPath()
    {
        Assert.Equal(["/callbacks/x"], GuardedRoutes.Paths(Route("/callbacks/x"), cluster: null));
    }

    private static RouteConfig Route(string path, params IReadOnlyDictionary<string, string>[] transforms) => new()
    {
        RouteId = "r",
        Match = new RouteMatch { Path = path },
        Transforms = transforms,
    };
}
