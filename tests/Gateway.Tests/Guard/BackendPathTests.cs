using Gateway.Guard;

namespace Gateway.Tests.Guard;

/// <summary>Paths as lenient backends read them: every form here reaches a <c>/callbacks/github</c> handler somewhere.</summary>
public sealed class BackendPathTests
{
    [Theory]
    [InlineData("/callbacks/github")]
    [InlineData("//callbacks/github")]
    [InlineData("/callbacks//github")]
    [InlineData("/callbacks/github/")]
    [InlineData("/callbacks/github//")]
    [InlineData("/callbacks/github;x=1")]
    [InlineData("/callbacks;x/github")]
    [InlineData("/callbacks/github%3Bx=1")]
    [InlineData("/callbacks/github%253Bx")]
    [InlineData("/callbacks/github.")]
    [InlineData("/callbacks/github..")]
    [InlineData("/callbacks/github%20")]
    [InlineData("/callbacks/github%09")]
    [InlineData("/callbacks/github. ")]
    [InlineData("/callbacks/github.json")]
    [InlineData("/callbacks/github.php?x=1")]
    [InlineData("/callbacks/github\\")]
    [InlineData("\\callbacks\\github")]
    [InlineData("/callbacks/GitHub")]
    [InlineData("/CALLBACKS/GITHUB")]
    [InlineData("/callbacks/%67ithub")]
    [InlineData("/callbacks/%u0067ithub")]
    [InlineData("/callbacks%2Fgithub")]
    [InlineData("/callbacks/./github")]
    [InlineData("/callbacks/x/../github")]
    [InlineData("/x/../callbacks/github")]
    [InlineData("/../callbacks/github")]
    [InlineData("/callbacks/github%00.png")]
    [InlineData("/callbacks/github#fragment")]
    [InlineData("http://shop.example/callbacks/github")]
    [InlineData("/callbacks/github?a=b")]
    [InlineData("/callbacks/github%3Fa=b")]
    [InlineData("/callbacks/github%253F")]
    [InlineData("/callbacks/github%23x")]
    public void Segments_BackendEquivalentForm_NormalisesToTheHandlersPath(string target)
    {
        Assert.Equal(["callbacks", "github"], BackendPath.Segments(target));
    }

    [Theory]
    [InlineData("/callbacks/githubx")]
    [InlineData("/callbacks/git/hub")]
    [InlineData("/callbacks")]
    [InlineData("/other/github")]
    [InlineData("/callbacks/github/events")]
    public void Segments_OtherPath_DoesNotNormaliseToTheHandlersPath(string target)
    {
        Assert.NotEqual(["callbacks", "github"], BackendPath.Segments(target));
    }

    [Fact]
    public void Segments_MalformedEscape_KeptAsText()
    {
        Assert.Equal(["a%zz", "b%4"], BackendPath.Segments("/a%zz/b%4"));
    }

    [Fact]
    public void Segments_LeadingDotName_IsNotAnExtension()
    {
        Assert.Equal([".well-known", ".env"], BackendPath.Segments("/.well-known/.env"));
    }

    [Theory]
    [InlineData("/callbacks/github")]
    [InlineData("/index.php/callbacks/github")]
    [InlineData("/public/index.php/callbacks/github")]
    [InlineData("/index.php/callbacks/github.json")]
    [InlineData("/INDEX.PHP/CALLBACKS/GITHUB")]
    [InlineData("/default.aspx/callbacks/github")]
    [InlineData("/callbacks/github.php/x")]
    [InlineData("/callbacks/github.php/x/y")]
    [InlineData("/callbacks/github.cgi/")]
    public void Readings_ScriptWithPathInfo_OneReadingIsTheHandlersPath(string target)
    {
        Assert.Contains(["callbacks", "github"], BackendPath.Readings(target));
    }

    [Theory]
    [InlineData("/callbacks/github/events")]
    [InlineData("/callbacks.v2/github/x")]
    [InlineData("/index.php/callbacks")]
    [InlineData("/index/callbacks/github")]
    public void Readings_OtherPath_NoReadingIsTheHandlersPath(string target)
    {
        Assert.DoesNotContain(["callbacks", "github"], BackendPath.Readings(target));
    }

    [Fact]
    public void Readings_NoScriptSegment_OnlyTheNormalisedPath()
    {
        Assert.Equal([["callbacks", "github"]], BackendPath.Readings("/callbacks//github.json"));
    }
}
