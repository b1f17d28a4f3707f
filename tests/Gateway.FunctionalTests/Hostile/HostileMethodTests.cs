using System.Net;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.Hostile;

/// <summary>
/// Class 1: other methods on callback paths, each carrying a valid Hmac signature (a backend handler that does not check
/// the method would take it) → 405 with <c>Allow: POST</c>, never forwarded.
/// </summary>
public sealed class HostileMethodTests(HostileGateway gateway) : HostileTests(gateway)
{
    [Theory]
    [InlineData("GET", TestCallbacks.CallbackPath)]
    [InlineData("HEAD", TestCallbacks.CallbackPath)]
    [InlineData("PUT", TestCallbacks.CallbackPath)]
    [InlineData("DELETE", TestCallbacks.CallbackPath)]
    [InlineData("PATCH", TestCallbacks.CallbackPath)]
    [InlineData("OPTIONS", TestCallbacks.CallbackPath)]
    [InlineData("TRACE", TestCallbacks.CallbackPath)]
    [InlineData("FOO", TestCallbacks.CallbackPath)]
    [InlineData("PROPFIND", TestCallbacks.CallbackPath)]
    [InlineData("GET", ProviderSigners.StripePath)]
    [InlineData("PUT", ProviderSigners.IxopayPath)]
    [InlineData("DELETE", ProviderSigners.Crypto2BPath)]
    [InlineData("PATCH", ProviderSigners.GitHubPath)]
    [InlineData("OPTIONS", ProviderSigners.SvixPath)]
    [InlineData("GET", ProviderSigners.CryptoCloudPath)]
    [InlineData("PUT", ProviderSigners.SpellPath)]
    [InlineData("GET", "//hooks/hmac")]
    [InlineData("PUT", "/HOOKS/HMAC")]
    [InlineData("DELETE", "/hooks/hmac;x=1")]
    [InlineData("GET", "/hooks/hmac.json")]
    public async Task OtherMethod_SignedOnCallbackPath_405AllowPost(string method, string path)
    {
        var request = await RawHttp.FormatAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()), method, path);

        var responses = await RawAsync(request, head: method == "HEAD");

        var response = Assert.Single(responses);
        Assert.Equal(405, response.Status);
        Assert.Equal("POST", response.Headers["Allow"]);
        Assert.Equal(method == "HEAD" ? null : "method_not_allowed", response.Title);
        AssertNothingForwarded();
    }

    /// <summary>
    /// Methods are case-sensitive (RFC 9110), so <c>post</c> is not POST; but ASP.NET Core's route matching compares methods
    /// ignoring case, so it matches the callback route and is verified like a POST: unsigned, refused.
    /// </summary>
    [Theory]
    [InlineData("post")]
    [InlineData("Post")]
    [InlineData("pOST")]
    public async Task LowercasePost_Unsigned_VerifiedAndRefused401(string method)
    {
        var request = await RawHttp.FormatAsync(TestCallbacks.UnsignedRequest(TestCallbacks.NewBody()), method);

        AssertRejected(await RawAsync(request), HttpStatusCode.Unauthorized, "invalid_signature");
    }

    [Fact]
    public async Task LowercasePost_Signed_VerifiedAndForwardedAsPost()
    {
        var request = await RawHttp.FormatAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()), "post");

        var response = Assert.Single(await RawAsync(request));

        var received = AssertForwardedOnce((HttpStatusCode)response.Status, TestCallbacks.Policy);
        Assert.Equal("POST", received.Method);
    }
}
