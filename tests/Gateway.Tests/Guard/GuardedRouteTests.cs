using Gateway.Guard;

namespace Gateway.Tests.Guard;

/// <summary>Which request paths a callback route's path pattern guards.</summary>
public sealed class GuardedRouteTests
{
    [Theory]
    [InlineData("/callbacks/github", "/callbacks/github", true)]
    [InlineData("/callbacks/github", "/Callbacks/GitHub.json", true)]
    [InlineData("/callbacks/github", "/callbacks/github/x", false)]
    [InlineData("/callbacks/ixopay.php", "/callbacks/ixopay", true)]
    [InlineData("/callbacks/ixopay.php", "/callbacks/ixopay.php", true)]
    [InlineData("/callbacks/{provider}", "/callbacks/anything", true)]
    [InlineData("/callbacks/{provider}", "/callbacks", false)]
    [InlineData("/callbacks/{provider:alpha}/events", "/callbacks/x/events;y", true)]
    [InlineData("/callbacks/{**rest}", "/callbacks", true)]
    [InlineData("/callbacks/{**rest}", "/callbacks/a/b/c", true)]
    [InlineData("/callbacks/{*rest}", "/callbacks/a/b", true)]
    [InlineData("/callbacks/{id?}", "/callbacks", true)]
    [InlineData("/callbacks/{**rest}", "/shop/callbacks", false)]
    [InlineData(null, "/anything/at/all", true)]
    public void Matches_RequestPath_AsTheTemplateGuardsIt(string? template, string target, bool expected)
    {
        var route = GuardedRoute.Create("r", "p", template, ["POST"]);

        Assert.Equal(expected, route.Matches(BackendPath.Segments(target)));
    }

    [Theory]
    [InlineData("/callbacks/github", "/callbacks/github")]
    [InlineData("/callbacks/github", "/Callbacks/GITHUB")]
    [InlineData("/callbacks/github", "/callbacks/githubx")]
    [InlineData("/callbacks/github", "/callbacks")]
    [InlineData("/callbacks/github", "/callbacks/github/x")]
    [InlineData("/callbacks/{provider}", "/callbacks/any")]
    [InlineData("/callbacks/{provider}", "/callbacks/a/b")]
    [InlineData("/callbacks/{**rest}", "/callbacks")]
    [InlineData("/callbacks/{**rest}", "/callbacks/a/b/c")]
    [InlineData("/callbacks/{**rest}", "/other")]
    [InlineData("/callbacks/{id?}", "/callbacks")]
    [InlineData("/callbacks/ixopay.php", "/callbacks/ixopay")]
    [InlineData(null, "/anything")]
    [InlineData("/", "/x")]
    public void MatchesPlain_PlainPath_SameAnswerAsTheFullReading(string? template, string path)
    {
        var route = GuardedRoute.Create("r", "p", template, ["POST"]);

        Assert.True(BackendPath.IsPlain(path));
        Assert.Equal(route.Matches(BackendPath.Segments(path)), route.MatchesPlain(path));
    }

    [Theory]
    [InlineData("/callbacks/github.json")]
    [InlineData("/callbacks//github")]
    [InlineData("/callbacks/github/")]
    [InlineData("/callbacks/git%68ub")]
    [InlineData("/callbacks;x/github")]
    [InlineData("/callbacks/./github")]
    [InlineData("/callbacks/github ")]
    [InlineData("/")]
    [InlineData("")]
    public void IsPlain_FormSomeBackendRewrites_NotPlain(string path)
    {
        Assert.False(BackendPath.IsPlain(path));
    }

    [Theory]
    [InlineData("POST", true)]
    [InlineData("post", true)]
    [InlineData("GET", false)]
    [InlineData("PUT", false)]
    public void Allows_Method_OnlyTheRoutesMethods(string method, bool expected)
    {
        Assert.Equal(expected, GuardedRoute.Create("r", "p", "/x", ["POST"]).Allows(method));
    }

    [Fact]
    public void Allows_RouteWithoutMethods_AllowsEveryMethod()
    {
        Assert.True(GuardedRoute.Create("r", "p", "/x", null).Allows("DELETE"));
    }
}
