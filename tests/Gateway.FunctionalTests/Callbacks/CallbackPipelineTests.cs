using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Observability;
using Gateway.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Callbacks;

/// <summary>
/// A callback's whole way through the real gateway to a real backend, run once per dedup store
/// (<see cref="InMemoryCallbackPipelineTests"/>, <see cref="RedisCallbackPipelineTests"/>).
/// </summary>
public abstract class CallbackPipelineTests : IAsyncLifetime
{
    private Backend? _backend;
    private GatewayInstance? _gateway;

    protected Backend Backend => _backend!;

    protected GatewayInstance Gateway => _gateway!;

    /// <summary>The Redis connection string, or null for the in-memory store.</summary>
    protected abstract string? Redis { get; }

    public async Task InitializeAsync()
    {
        _backend = await Backend.StartAsync();
        _gateway = await GatewayInstance.StartAsync(TestCallbacks.Config(Backend.Address, Redis, ConfigurePolicy));
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Backend.DisposeAsync();
    }

    protected virtual void ConfigurePolicy(JsonObject policy)
    {
    }

    [Fact]
    public async Task Post_SignedCallback_ForwardsExactBytesWithTrustedHeaders()
    {
        var body = TestCallbacks.NewBody("evt_exact");

        var response = await Gateway.Client.SendAsync(TestCallbacks.SignedRequest(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Backend.Received);
        Assert.Equal(Encoding.UTF8.GetBytes(body), received.Body);
        Assert.Equal(TestCallbacks.CallbackPath, received.PathAndQuery);
        Assert.Equal(TestCallbacks.Policy, received.Headers["X-Callback-Verified"]);
        Assert.Equal("evt_exact", received.Headers["X-Callback-Event-Id"]);
        AssertGatewaySignature(received.Headers["X-Callback-Gateway-Signature"], "evt_exact", received.Body);
    }

    [Fact]
    public async Task Post_SignedWithRotatedOutSecret_IsStillAcceptedWhileListed()
    {
        var response = await Gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody(), secret: "old-secret"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Backend.Received);
    }

    [Fact]
    public async Task Post_ForgedSignature_Rejected401AndNotForwarded()
    {
        var response = await Gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody(), secret: "attacker-guess"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_signature", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(Backend.Received);
    }

    [Fact]
    public async Task Post_BodyChangedAfterSigning_Rejected401AndNotForwarded()
    {
        var request = TestCallbacks.SignedRequest(TestCallbacks.NewBody());
        var tampered = (await request.Content!.ReadAsStringAsync()).Replace("1.10", "9.10", StringComparison.Ordinal);
        request.Content = new StringContent(tampered, Encoding.UTF8, "application/json");

        var response = await Gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(Backend.Received);
    }

    [Fact]
    public async Task Post_StaleTimestamp_Rejected401AndNotForwarded()
    {
        var response = await Gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody(), at: DateTimeOffset.UtcNow.AddMinutes(-6)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("stale", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(Backend.Received);
    }

    [Fact]
    public async Task Post_Unsigned_Rejected401AndNotForwarded()
    {
        var response = await Gateway.Client.SendAsync(TestCallbacks.UnsignedRequest(TestCallbacks.NewBody()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(Backend.Received);
    }

    [Fact]
    public async Task Post_SignedButIdentityMissing_Rejected400AndNotForwarded()
    {
        var response = await Gateway.Client.SendAsync(TestCallbacks.SignedRequest("""{"type":"invoice.paid"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Backend.Received);
    }

    [Fact]
    public async Task Request_SpoofedTrustedHeadersOnPlainRoute_NeverReachBackend()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/orders/42?x=1");
        request.Headers.Add("X-Callback-Verified", TestCallbacks.Policy);
        request.Headers.Add("X-Callback-Event-Id", "evt_forged");
        request.Headers.Add("X-Callback-Gateway-Signature", "t=1,v1=forged");
        request.Headers.Add("x-callback-dedup-skipped", "yes");

        var response = await Gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(Backend.Received);
        Assert.Equal("/orders/42?x=1", received.PathAndQuery);
        Assert.DoesNotContain(received.Headers.Keys, name => name.StartsWith("X-Callback-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Post_SpoofedTrustedHeadersOnVerifiedCallback_AreReplaced()
    {
        var request = TestCallbacks.SignedRequest(TestCallbacks.NewBody("evt_real"));
        request.Headers.Add("X-Callback-Verified", "someone-else");
        request.Headers.Add("X-Callback-Event-Id", "evt_forged");

        await Gateway.Client.SendAsync(request);

        var received = Assert.Single(Backend.Received);
        Assert.Equal(TestCallbacks.Policy, received.Headers["X-Callback-Verified"]);
        Assert.Equal("evt_real", received.Headers["X-Callback-Event-Id"]);
    }

    [Fact]
    public async Task Post_DuplicateAfterSuccess_AnsweredWithoutForwarding()
    {
        var body = TestCallbacks.NewBody();
        await Gateway.Client.SendAsync(TestCallbacks.SignedRequest(body));

        // A retry is signed anew by the sender: same event, different timestamp and signature.
        var retry = await Gateway.Client.SendAsync(TestCallbacks.SignedRequest(body, at: DateTimeOffset.UtcNow.AddSeconds(-30)));

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(string.Empty, await retry.Content.ReadAsStringAsync());
        Assert.Single(Backend.Received);
    }

    [Fact]
    public async Task Post_DuplicateAfterBackend500_IsForwardedAgain()
    {
        var body = TestCallbacks.NewBody();
        Backend.Status = 500;
        var first = await Gateway.Client.SendAsync(TestCallbacks.SignedRequest(body));
        Backend.Status = 200;

        var retry = await Gateway.Client.SendAsync(TestCallbacks.SignedRequest(body));
        var third = await Gateway.Client.SendAsync(TestCallbacks.SignedRequest(body));

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(2, Backend.Received.Count);
    }

    [Fact]
    public async Task Post_FiftyConcurrentCopies_ExactlyOneForwarded()
    {
        var body = TestCallbacks.NewBody();
        Backend.Delay = TimeSpan.FromSeconds(1); // long enough for every copy to arrive while the first is in flight

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Gateway.Client.SendAsync(TestCallbacks.SignedRequest(body))));

        Assert.Single(Backend.Received);
        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.All(statuses, s => Assert.True(s is 200 or 409, $"unexpected {s}"));
        Assert.Contains(409, statuses);
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.Conflict), r => Assert.NotNull(r.Headers.RetryAfter));
    }

    [Fact]
    public async Task Post_OversizedBodyWithContentLength_Rejected413AndNotForwarded()
    {
        var response = await Gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody() + new string(' ', 2000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(Backend.Received);
    }

    [Fact]
    public async Task Post_OversizedChunkedBody_Rejected413AndNotForwarded()
    {
        var request = TestCallbacks.SignedRequest(TestCallbacks.NewBody() + new string(' ', 2000));
        request.Content = new StreamContent(new NonSeekableStream(await request.Content!.ReadAsByteArrayAsync()));
        request.Headers.TransferEncodingChunked = true;

        var response = await Gateway.Client.SendAsync(request);

        // The gateway's own 413 (the policy's status, outcome too_large, counted), not Kestrel's request-size exception.
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("too_large", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["title"]);
        var registry = Gateway.Services.GetRequiredService<GatewayMetrics>().Registry;
        Assert.Equal(1, await MetricsText.ValueAsync(registry, "gateway_callbacks_total", "outcome=\"too_large\""));
        Assert.Empty(Backend.Received);
    }

    [Fact]
    public async Task Post_ChunkedSignedBody_ForwardedWithSameBytes()
    {
        var body = TestCallbacks.NewBody();
        var request = TestCallbacks.SignedRequest(body);
        request.Content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(body)));
        request.Headers.TransferEncodingChunked = true;

        var response = await Gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Encoding.UTF8.GetBytes(body), Assert.Single(Backend.Received).Body);
    }

    [Fact]
    public async Task Metrics_AfterCallbacks_CountOutcomesByRouteAndPolicy()
    {
        await Gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody(), secret: "wrong"));

        var scraped = await Gateway.Client.GetStringAsync("/metrics");

        // This instance's own count (other gateways in the test process count into their own registries), and the scrape shows it.
        var registry = Gateway.Services.GetRequiredService<GatewayMetrics>().Registry;
        var labels = $"route=\"{TestCallbacks.Policy}\",policy=\"{TestCallbacks.Policy}\",outcome=\"invalid_signature\"";
        Assert.Equal(1, await MetricsText.ValueAsync(registry, "gateway_callbacks_total", labels));
        Assert.Contains($"gateway_callbacks_total{{{labels}}} 1", scraped, StringComparison.Ordinal);
        Assert.Contains("dotnet_", scraped, StringComparison.Ordinal); // the process-wide series follow
    }

    [Fact]
    public async Task Health_Endpoints_AnswerHealthy()
    {
        Assert.Equal("Healthy", await Gateway.Client.GetStringAsync("/healthz"));
        Assert.Equal("Healthy", await Gateway.Client.GetStringAsync("/readyz"));
    }

    private static void AssertGatewaySignature(string header, string eventId, byte[] body)
    {
        // t=<unix>,v1=<base64 HMAC-SHA256(key, "{t}.{eventId}.{hex sha256(body)}")>, checked as a backend would.
        var parts = header.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var content = $"{parts["t"]}.{eventId}.{Convert.ToHexStringLower(SHA256.HashData(body))}";
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(TestCallbacks.GatewayKey), Encoding.UTF8.GetBytes(content));
        Assert.Equal(Convert.ToBase64String(expected), parts["v1"]);
        var age = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(parts["t"], CultureInfo.InvariantCulture);
        Assert.InRange(age, 0, 60);
    }

    /// <summary>Hides the length, so HttpClient sends the body chunked.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}

public sealed class InMemoryCallbackPipelineTests : CallbackPipelineTests
{
    protected override string? Redis => null;
}

[Collection(RedisGroup.Name)]
public sealed class RedisCallbackPipelineTests(RedisServer redis) : CallbackPipelineTests
{
    protected override string? Redis => redis.ConnectionString;
}
