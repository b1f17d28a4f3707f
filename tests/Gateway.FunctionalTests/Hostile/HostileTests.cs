using System.Net;
using System.Text.Json;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.Hostile;

/// <summary>
/// What every hostile test asserts: the exact answer (status, and for the gateway's own rejections the problem+json
/// <c>title</c>, its outcome label) and that nothing reached the backend. Tests in a class run one at a time against the
/// class's gateway, so the backend's record is cleared before each.
/// </summary>
public abstract class HostileTests : IClassFixture<HostileGateway>
{
    protected const HttpStatusCode Unauthorized = HttpStatusCode.Unauthorized;
    protected const HttpStatusCode BadRequest = HttpStatusCode.BadRequest;

    /// <summary>The outcome labels the gateway's rejections carry as their problem+json title.</summary>
    protected const string Invalid = "invalid_signature";
    protected const string Stale = "stale";
    protected const string Malformed = "malformed";

    protected HostileTests(HostileGateway gateway)
    {
        Gateway = gateway;
        gateway.Backend.Clear();
    }

    protected HostileGateway Gateway { get; }

    protected CgiBackend Backend => Gateway.Backend;

    protected HttpClient Client => Gateway.Client;

    /// <summary>The gateway's own rejection: <paramref name="status"/> with problem+json titled <paramref name="title"/>; nothing forwarded.</summary>
    protected async Task AssertRejectedAsync(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(title, problem.RootElement.GetProperty("title").GetString());
        AssertNothingForwarded();
    }

    /// <summary>The same over the wire: exactly one response, the gateway's rejection; nothing forwarded.</summary>
    protected void AssertRejected(IReadOnlyList<RawResponse> responses, HttpStatusCode status, string title)
    {
        var response = Assert.Single(responses);
        Assert.Equal((int)status, response.Status);
        Assert.Equal(title, response.Title);
        AssertNothingForwarded();
    }

    /// <summary>A verified callback: 2xx, and the backend got exactly this one, marked by the gateway as <paramref name="policy"/>.</summary>
    protected CgiRequest AssertForwardedOnce(HttpStatusCode status, string policy)
    {
        Assert.Equal(HttpStatusCode.OK, status);
        var received = Assert.Single(Backend.Received);
        Assert.Equal([policy], received.Header("X-Callback-Verified"));
        return received;
    }

    protected void AssertNothingForwarded() => Assert.Empty(Backend.Received);

    /// <summary>Sends the case named <paramref name="name"/>: a 200 case must be forwarded once under its policy, any other refused with its outcome.</summary>
    protected async Task AssertAnsweredAsItsCaseSaysAsync(IEnumerable<HostileCase> cases, string name)
    {
        var hostile = cases.Single(c => c.Name == name);

        var response = await Client.SendAsync(hostile.Request());

        if (hostile.Status == HttpStatusCode.OK)
        {
            AssertForwardedOnce(response.StatusCode, hostile.Answer);
            return;
        }

        await AssertRejectedAsync(response, hostile.Status, hostile.Answer);
    }

    /// <summary>A plain request: 200, and the backend got exactly it, marked as no verified callback.</summary>
    protected async Task<CgiRequest> AssertForwardedPlainAsync(HttpRequestMessage request)
    {
        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Backend.Received);
        Assert.Empty(received.Header("X-Callback-Verified"));
        return received;
    }

    protected Task<IReadOnlyList<RawResponse>> RawAsync(string request, bool head = false, bool endOfInput = false) =>
        RawHttp.SendAsync(Gateway.Port, request, head, endOfInput);

    /// <summary>Sends <paramref name="request"/> to <paramref name="path"/> exactly as written (no canonicalisation by System.Uri).</summary>
    protected Task<HttpResponseMessage> SendToAsync(HttpRequestMessage request, string path)
    {
        request.RequestUri = TestCallbacks.RawUri(Client, path);
        return Client.SendAsync(request);
    }
}
