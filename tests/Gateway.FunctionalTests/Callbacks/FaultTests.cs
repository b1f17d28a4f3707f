using System.Net;
using System.Text.Json.Nodes;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.Callbacks;

/// <summary>Faults on either side of the gateway: Redis down, backend down or slow, several gateway instances.</summary>
[Collection(RedisGroup.Name)]
public sealed class FaultTests(RedisServer redis)
{
    [Fact]
    public async Task Post_RedisStopped_Answers503AndForwardsNothing_ThenRecovers()
    {
        await using var backend = await Backend.StartAsync();
        await using var gateway = await GatewayInstance.StartAsync(TestCallbacks.Config(backend.Address, redis.ConnectionString));
        var body = TestCallbacks.NewBody();

        redis.Stop();
        HttpResponseMessage down;
        try
        {
            down = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(body));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.Client.GetAsync("/readyz")).StatusCode);
        }
        finally
        {
            await redis.StartAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.NotNull(down.Headers.RetryAfter);
        Assert.Empty(backend.Received);

        var again = await RetryUntilAsync(() => gateway.Client.SendAsync(TestCallbacks.SignedRequest(body)), r => r.StatusCode != HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var duplicate = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(body));
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Single(backend.Received);
    }

    [Fact]
    public async Task Post_RedisStoppedWithForwardWithoutDedup_ForwardsWithSkippedHeader()
    {
        await using var backend = await Backend.StartAsync();
        await using var gateway = await GatewayInstance.StartAsync(
            TestCallbacks.Config(backend.Address, redis.ConnectionString, p => p["WhenStoreUnavailable"] = "ForwardWithoutDedup"));

        redis.Stop();
        HttpResponseMessage response;
        try
        {
            response = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()));
        }
        finally
        {
            await redis.StartAsync();
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(backend.Received);
        Assert.Equal("store-unavailable", received.Headers["X-Callback-Dedup-Skipped"]);
        Assert.Equal(TestCallbacks.Policy, received.Headers["X-Callback-Verified"]);
    }

    [Fact]
    public async Task Post_BackendDown_Answers502ReleasesClaim_RetryDeliveredOnceBackendIsUp()
    {
        var port = RedisServer.FreePort();
        await using var gateway = await GatewayInstance.StartAsync(TestCallbacks.Config($"http://127.0.0.1:{port}/", redis.ConnectionString));
        var body = TestCallbacks.NewBody();

        var down = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(body));
        await using var backend = await Backend.StartAsync(port);
        var retry = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(body));

        Assert.Equal(HttpStatusCode.BadGateway, down.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Single(backend.Received);
    }

    [Fact]
    public async Task Post_BackendTimesOut_ClaimLeftToLease_RetryBlockedThenDeliveredAfterLease()
    {
        await using var backend = await Backend.StartAsync();
        var config = TestCallbacks.Config(backend.Address, redis.ConnectionString, p => p["Dedup"]!["Lease"] = "00:00:02");
        config["ReverseProxy"]!["Clusters"]!["backend"]!["HttpRequest"] = new JsonObject { ["ActivityTimeout"] = "00:00:00.500" };
        await using var gateway = await GatewayInstance.StartAsync(config);
        var body = TestCallbacks.NewBody();
        backend.Delay = TimeSpan.FromSeconds(1);

        var timedOut = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(body));
        backend.Delay = TimeSpan.Zero;
        var duringLease = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(body));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var afterLease = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(body));

        Assert.Equal(HttpStatusCode.GatewayTimeout, timedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, duringLease.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterLease.StatusCode);
        Assert.Equal(2, backend.Received.Count); // the backend got it twice: its answer to the first was never known
    }

    [Fact]
    public async Task Post_BackendSlowerThanLease_ForwardCancelledAt504_RetryAfterLeaseDelivered()
    {
        await using var backend = await Backend.StartAsync();
        await using var gateway = await GatewayInstance.StartAsync(
            TestCallbacks.Config(backend.Address, redis.ConnectionString, p => p["Dedup"]!["Lease"] = "00:00:01"));
        var body = TestCallbacks.NewBody();
        backend.Delay = TimeSpan.FromSeconds(5);

        var slow = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(body));
        backend.Delay = TimeSpan.Zero;
        var retry = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(body));

        Assert.Equal(HttpStatusCode.GatewayTimeout, slow.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(2, backend.Received.Count);
    }

    [Fact]
    public async Task Post_ConcurrentCopiesAcrossTwoGateways_ExactlyOneForwarded()
    {
        await using var backend = await Backend.StartAsync();
        var config = TestCallbacks.Config(backend.Address, redis.ConnectionString);
        await using var first = await GatewayInstance.StartAsync(config);
        await using var second = await GatewayInstance.StartAsync((JsonObject)config.DeepClone());
        backend.Delay = TimeSpan.FromMilliseconds(200);
        var body = TestCallbacks.NewBody();

        var responses = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(i => (i % 2 == 0 ? first : second).Client.SendAsync(TestCallbacks.SignedRequest(body))));

        Assert.Single(backend.Received);
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
    }

    private static async Task<HttpResponseMessage> RetryUntilAsync(Func<Task<HttpResponseMessage>> send, Func<HttpResponseMessage, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var response = await send();
            if (done(response) || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(200);
        }
    }
}
