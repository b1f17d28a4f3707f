using System.Net;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.Hostile;

/// <summary>
/// Class 2: forms of a callback path. Forms that Kestrel and routing do not match to the callback route reach the
/// catch-all, where a lenient backend would still take them for the callback path → 404 <c>path_variant</c>, signed or not.
/// Forms that Kestrel decodes or normalises (case, <c>%68</c>, dot segments) do match the callback route and are verified:
/// unsigned → 401, signed → forwarded.
/// </summary>
public sealed class HostilePathTests(HostileGateway gateway) : HostileTests(gateway)
{
    /// <summary>Forms a lenient backend (nginx merge_slashes, Tomcat <c>;</c>, IIS, Rails formats, double decoders…) reads as a callback path.</summary>
    public static TheoryData<string> Variants =>
    [
        "//hooks/hmac",
        "/hooks//hmac",
        "///hooks///hmac",
        "/hooks/hmac;x=1",
        "/hooks;x=1/hmac",
        "/hooks/hmac;",
        "/hooks/hmac%3Bx=1",
        "/hooks/hmac%253Bx=1",
        "/hooks/hmac.",
        "/hooks/hmac..",
        "/hooks/hmac%20",
        "/hooks/hmac%09",
        "/hooks/hmac%0A",
        "/hooks/hmac%C2%A0",
        "/hooks/hmac.json",
        "/hooks/hmac.php",
        "/hooks/HMAC.JSON",
        "/hooks/hmac//",
        "/hooks/hmac%5C",
        "/hooks%5Chmac",
        "/hooks%2Fhmac",
        "/hooks/hmac%2F",
        "/hooks%252Fhmac",
        "/hooks/x/..;/hmac",
        "/hooks/%u0068mac",
        "/hooks/hmac%2e",
        "/hooks/hmac%252e",
        "/hooks/hmac%3F",
        "/hooks/hmac%253F",
        "/hooks/hmac%23",
        "/hooks/hmac.php/x",
        "/callbacks/stripe;jsessionid=1",
        "/callbacks/github.json",
        "/CALLBACKS/IXOPAY;x",
        "//callbacks/crypto2b",
    ];

    /// <summary>Forms Kestrel decodes or normalises before routing, so they match the callback route itself.</summary>
    public static TheoryData<string> MatchingForms =>
    [
        "/HOOKS/HMAC",
        "/Hooks/Hmac",
        "/hooks/%68mac",
        "/%68ooks/hmac",
        "/hooks/HM%41C",
        "/hooks/./hmac",
        "/x/../hooks/hmac",
        "/hooks/x/../hmac",
        "/hooks/%2e/hmac",
        "/hooks/hmac/",
        "/hooks/hmac?x=1",
        "/hooks/hmac/.",
        "/hooks/hmac/%2e%2e/hmac",
    ];

    [Theory]
    [MemberData(nameof(Variants))]
    public Task PathVariant_Unsigned_404PathVariant(string path) => AssertUnsignedRefusedAsPathVariantAsync(path);

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task PathVariant_SignedForThatPath_404PathVariant(string path)
    {
        var response = await SendToAsync(SignedFor(path), path);

        await AssertRejectedAsync(response, HttpStatusCode.NotFound, "path_variant");
    }

    [Theory]
    [MemberData(nameof(MatchingForms))]
    public async Task MatchingForm_Unsigned_Verified401(string path)
    {
        var response = await SendToAsync(TestCallbacks.UnsignedRequest(TestCallbacks.NewBody()), path);

        await AssertRejectedAsync(response, HttpStatusCode.Unauthorized, "invalid_signature");
    }

    [Theory]
    [MemberData(nameof(MatchingForms))]
    public async Task MatchingForm_Signed_VerifiedAndForwarded(string path)
    {
        var response = await SendToAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()), path);

        AssertForwardedOnce(response.StatusCode, TestCallbacks.Policy);
    }

    [Theory]
    [InlineData("/CALLBACKS/STRIPE", "stripe")]
    [InlineData("/Callbacks/GitHub", "github")]
    [InlineData("/CALLBACKS/CRYPTO2B", "crypto2b")]
    [InlineData("/callbacks/ixopay/", "ixopay")]
    public async Task ProviderMatchingForm_SignedForThatPath_VerifiedAndForwarded(string path, string policy)
    {
        var response = await SendToAsync(SignedFor(path), path);

        AssertForwardedOnce(response.StatusCode, policy);
    }

    [Theory]
    [InlineData("POST", "http://gateway/hooks/hmac", true, 200, null)]
    [InlineData("POST", "http://gateway/hooks/hmac", false, 401, "invalid_signature")]
    [InlineData("POST", "http://gateway//hooks/hmac", true, 404, "path_variant")]
    [InlineData("POST", "http://gateway/hooks/hmac;x=1", true, 404, "path_variant")]
    [InlineData("POST", "http://gateway/hooks%2Fhmac", true, 200, null)] // Kestrel takes an absolute target's path decoded, %2F too: the callback route, verified
    [InlineData("POST", "http://gateway/hooks%2Fhmac", false, 401, "invalid_signature")]
    [InlineData("GET", "http://gateway/hooks/hmac", true, 405, "method_not_allowed")]
    public async Task AbsoluteFormRequestLine_GuardedLikeOriginForm(string method, string target, bool withSignature, int status, string? title)
    {
        var body = TestCallbacks.NewBody();
        var request = await RawHttp.FormatAsync(withSignature ? TestCallbacks.SignedRequest(body) : TestCallbacks.UnsignedRequest(body), method, target);

        var response = Assert.Single(await RawAsync(request));

        Assert.Equal(status, response.Status);
        if (status == 200)
        {
            AssertForwardedOnce(HttpStatusCode.OK, TestCallbacks.Policy);
            return;
        }

        Assert.Equal(title, response.Title);
        AssertNothingForwarded();
    }

    /// <summary>
    /// A raw <c>\</c> in the request line (IIS reads it as <c>/</c>), which System.Uri would rewrite, sent over TCP: the
    /// guard's, or Kestrel's own 400 for a target that does not start with <c>/</c>.
    /// </summary>
    [Theory]
    [InlineData("/hooks\\hmac", "404:path_variant")]
    [InlineData("/hooks/hmac\\", "404:path_variant")]
    [InlineData("\\hooks\\hmac", "400:")]
    public async Task RawBackslash_Signed_NotForwarded(string target, string answer)
    {
        var request = await RawHttp.FormatAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()), target: target);

        var response = Assert.Single(await RawAsync(request));

        Assert.Equal(answer, $"{response.Status}:{response.Title}");
        AssertNothingForwarded();
    }

    [Fact]
    public async Task AbsoluteFormRequestLine_AuthorityNotTheHost_400ByKestrel()
    {
        var request = await RawHttp.FormatAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()), target: "http://elsewhere.example/hooks/hmac");

        var response = Assert.Single(await RawAsync(request));

        Assert.Equal(400, response.Status);
        AssertNothingForwarded();
    }

    [Theory]
    [InlineData("/hooks/hmac%00")]
    [InlineData("/hooks/hmac%00.json")]
    [InlineData("/hooks%00/hmac")]
    public async Task NulInPath_Signed_400ByKestrel(string path)
    {
        var response = await SendToAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()), path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertNothingForwarded();
    }

    /// <summary>PHP front controllers route <c>/index.php/hooks/hmac</c> (PATH_INFO) to the same handler as <c>/hooks/hmac</c>.</summary>
    [Theory]
    [InlineData("/index.php/hooks/hmac")]
    [InlineData("/index.php/callbacks/stripe")]
    [InlineData("/public/index.php/hooks/hmac")]
    public Task FrontControllerPathInfo_Unsigned_NotForwarded(string path) => AssertUnsignedRefusedAsPathVariantAsync(path);

    /// <summary>
    /// Front controllers that take the route from the query: Drupal 7 without clean URLs (<c>?q=</c>), OpenCart
    /// (<c>?route=</c>), CodeIgniter's query-string URIs (<c>index.php?/</c>), ThinkPHP (<c>?s=</c>), Phalcon (<c>?_url=</c>),
    /// Yii (<c>?r=</c>): each runs the same handler as <c>/hooks/hmac</c>.
    /// </summary>
    [Theory]
    [InlineData("/?q=hooks/hmac")]
    [InlineData("/index.php?route=hooks/hmac")]
    [InlineData("/index.php?/hooks/hmac")]
    [InlineData("/index.php?s=/hooks/hmac")]
    [InlineData("/?_url=/hooks/hmac")]
    [InlineData("/index.php?r=hooks/hmac")]
    [InlineData("/index.php?view=hooks%252Fhmac")] // a path that a second decoding reveals
    public Task QueryRoutedFrontController_Unsigned_NotForwarded(string path) => AssertUnsignedRefusedAsPathVariantAsync(path);

    /// <summary>
    /// The Ixopay route forwards to <c>/legacy/ixopay.php</c> (a PathSet transform): that is where the backend's handler is,
    /// and the catch-all route reaches it directly.
    /// </summary>
    [Theory]
    [InlineData(ProviderSigners.IxopayBackendPath)]
    [InlineData("/LEGACY/IXOPAY.PHP")]
    [InlineData("//legacy/ixopay.php")]
    public Task RewrittenCallbackRoute_BackendPathThroughCatchAll_NotForwarded(string path) =>
        AssertUnsignedRefusedAsPathVariantAsync(path, """{"result":"OK","uuid":"forged","merchantTransactionId":"tx-1","transactionType":"DEBIT"}""");

    private async Task AssertUnsignedRefusedAsPathVariantAsync(string path, string? body = null)
    {
        var response = await SendToAsync(TestCallbacks.UnsignedRequest(body ?? TestCallbacks.NewBody()), path);

        await AssertRejectedAsync(response, HttpStatusCode.NotFound, "path_variant");
    }

    /// <summary>A request signed the way the provider of <paramref name="path"/> signs, over that path where the provider signs the path.</summary>
    private static HttpRequestMessage SignedFor(string path)
    {
        var lower = path.ToLowerInvariant();
        if (lower.Contains("stripe", StringComparison.Ordinal))
        {
            return ProviderSigners.Stripe(TestCallbacks.NewBody());
        }

        if (lower.Contains("github", StringComparison.Ordinal))
        {
            return ProviderSigners.GitHub(TestCallbacks.NewBody());
        }

        if (lower.Contains("ixopay", StringComparison.Ordinal))
        {
            var body = $$"""{"result":"OK","uuid":"{{Guid.NewGuid():N}}","transactionType":"DEBIT"}""";
            return ProviderSigners.Ixopay(body, ProviderSigners.IxopayPath, signedUri: path);
        }

        if (lower.Contains("crypto2b", StringComparison.Ordinal))
        {
            var body = $$$"""{"data":{"type":"Deposit","id":"{{{Guid.NewGuid():N}}}","status":"Success"}}""";
            return ProviderSigners.Crypto2B(body, signedPath: path);
        }

        return TestCallbacks.SignedRequest(TestCallbacks.NewBody());
    }
}
