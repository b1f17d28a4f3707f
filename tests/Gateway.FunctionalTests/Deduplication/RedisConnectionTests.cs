using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.Deduplication;

/// <summary>The gateway's connection to Redis: opened in the background, so that no request and no probe waits for it.</summary>
public sealed class RedisConnectionTests
{
    [Fact]
    public async Task Start_RedisHostSilent_CallbackAndReadinessAnswer503WithoutWaitingForTheConnect()
    {
        // A host that takes connections but never answers (a hung server, a firewall that drops) holds every connect for
        // its whole timeout; a closed port refuses at once, which a connect may or may not wait out. So the silent host
        // makes the measure deterministic: with a timeout of a minute, an answer that waited for the connect comes late.
        const int connectTimeoutMilliseconds = 60_000;
        var port = RedisServer.FreePort();
        using var silent = new TcpListener(IPAddress.Loopback, port);
        silent.Start(); // never accepts: the kernel completes the handshake, nobody ever answers
        await using var backend = await Backend.StartAsync();
        var config = TestCallbacks.Config(backend.Address, $"127.0.0.1:{port},connectTimeout={connectTimeoutMilliseconds}");

        // From before the start: a connect made while the pipeline is built would hold the start, and so every answer.
        var started = Stopwatch.GetTimestamp();
        await using var gateway = await GatewayInstance.StartAsync(config);
        var callback = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()));
        var readiness = await gateway.Client.GetAsync("/readyz");
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, callback.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
        Assert.True(elapsed < TimeSpan.FromMilliseconds(connectTimeoutMilliseconds / 3), $"the start and the first answers took {elapsed}");
        Assert.Empty(backend.Received);
    }

    [Fact]
    public async Task Start_RedisPortClosed_Answers503ThenReadyAndForwardsOnceRedisIsUp()
    {
        var port = RedisServer.FreePort();
        await using var backend = await Backend.StartAsync();
        await using var gateway = await GatewayInstance.StartAsync(TestCallbacks.Config(backend.Address, $"127.0.0.1:{port}"));

        var down = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()));
        var unready = await gateway.Client.GetAsync("/readyz");
        var redis = new RedisServer(port: port);
        bool ready;
        HttpResponseMessage forwarded;
        try
        {
            await redis.StartAsync();
            ready = await PollAsync(async () => (await gateway.Client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK);
            forwarded = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()));
        }
        finally
        {
            await redis.DisposeAsync();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
        Assert.True(ready, "the gateway did not become ready after Redis started");
        Assert.Equal(HttpStatusCode.OK, forwarded.StatusCode);
        Assert.Single(backend.Received);
    }

    private static async Task<bool> PollAsync(Func<Task<bool>> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (await condition())
            {
                return true;
            }
        }

        return false;
    }
}
