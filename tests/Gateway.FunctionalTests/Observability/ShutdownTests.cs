using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Gateway.Tests.Fixtures;
using StackExchange.Redis;

namespace Gateway.Tests.Observability;

/// <summary>
/// A clean shutdown: unready first while still serving, then in-flight callbacks finish and their claims are settled, so a
/// restart behind a load balancer loses no event, forwards none twice and leaves no claim to expire.
/// </summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stop_DuringShutdownDelay_ReadyzUnreadyWhileCallbacksStillServed()
    {
        await using var backend = await Backend.StartAsync();
        var management = RedisServer.FreePort();
        var config = TestCallbacks.Config(backend.Address);
        config["Gateway"]!["ManagementUrls"] = $"http://127.0.0.1:{management}";
        await using var gateway = await GatewayInstance.StartAsync(config, "--Gateway:ShutdownDelay=00:00:03");
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{management}") };
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/readyz")).StatusCode);

        var stopping = gateway.StopAsync();
        await Task.Delay(300);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await probe.GetAsync("/readyz")).StatusCode);
        Assert.False(stopping.IsCompleted, "the gateway stopped before its shutdown delay");
        var callback = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()));
        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        Assert.Single(backend.Received);
        await stopping;
    }

    [Fact]
    public async Task Sigterm_MidLoad_EveryClaimSettledEveryAcceptedEventDoneNoneTwice()
    {
        await using var redis = new RedisServer();
        await redis.StartAsync();
        await using var backend = await Backend.StartAsync();
        backend.Delay = TimeSpan.FromMilliseconds(200); // so that callbacks are in flight when SIGTERM comes
        var management = RedisServer.FreePort();
        var config = TestCallbacks.Config(backend.Address, redis.ConnectionString);
        config["Gateway"]!["ManagementUrls"] = $"http://127.0.0.1:{management}";
        config["Gateway"]!["ShutdownDelay"] = "00:00:01";
        await using var process = await GatewayProcess.StartAsync(config, "--Logging:LogLevel:Default=Warning");
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{management}"), Timeout = TimeSpan.FromSeconds(2) };
        await WaitAsync(async () => await StatusAsync(probe, "/readyz") == HttpStatusCode.OK, "the gateway never became ready");

        // Senders that keep sending new events until the gateway is gone: what each was answered, and when.
        var results = new ConcurrentBag<Sent>();
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, 8).Select(_ => SendUntilStoppedAsync(process.Client, results, stop.Token)).ToArray();
        await Task.Delay(1500);

        var sigterm = Stopwatch.GetTimestamp();
        process.Signal("TERM");
        await WaitAsync(async () => await StatusAsync(probe, "/readyz") == HttpStatusCode.ServiceUnavailable, "/readyz never turned unready");
        var unready = Stopwatch.GetTimestamp();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "the gateway did not stop within its shutdown timeout");
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        Assert.Equal(0, process.ExitCode);
        var accepted = results.Where(sent => sent.Status == HttpStatusCode.OK).ToList();
        Assert.Contains(accepted, sent => sent.Started < sigterm && sent.Ended > sigterm); // in flight at SIGTERM, finished
        Assert.Contains(accepted, sent => sent.Started > unready);                         // sent while unready, still served

        // Every key is done; none is left claimed (it would block the sender's retry until its lease ended).
        var keys = await ReadKeysAsync(redis, config["Gateway"]!["KeyPrefix"]!.GetValue<string>());
        Assert.All(keys, key => Assert.StartsWith("done:", key.Value, StringComparison.Ordinal));
        Assert.Equal(accepted.Count, keys.Count);

        // What the senders were told matches what the backend got: each accepted event exactly once, nothing else.
        var delivered = backend.Received.Select(received => JsonDocument.Parse(received.Body).RootElement.GetProperty("id").GetString()).ToList();
        Assert.Equal(delivered.Count, delivered.Distinct().Count());
        Assert.Equal(accepted.Select(sent => sent.Id).Order(), delivered.Order());
    }

    private sealed record Sent(string Id, HttpStatusCode? Status, long Started, long Ended);

    private static async Task SendUntilStoppedAsync(HttpClient client, ConcurrentBag<Sent> results, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var id = "evt_" + Guid.NewGuid().ToString("N");
            var started = Stopwatch.GetTimestamp();
            HttpStatusCode? status = null;
            try
            {
                status = (await client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody(id)), CancellationToken.None)).StatusCode;
            }
            catch (HttpRequestException)
            {
                // Refused or closed: the gateway has stopped accepting, or closed an idle connection as it stopped.
                await Task.Delay(20, CancellationToken.None);
            }

            results.Add(new Sent(id, status, started, Stopwatch.GetTimestamp()));
        }
    }

    private static async Task<List<KeyValuePair<string, string>>> ReadKeysAsync(RedisServer redis, string prefix)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var server = connection.GetServer(redis.ConnectionString);
        var database = connection.GetDatabase();
        var keys = new List<KeyValuePair<string, string>>();
        await foreach (var key in server.KeysAsync(pattern: prefix + ":*"))
        {
            keys.Add(new(key.ToString(), (await database.StringGetAsync(key)).ToString()));
        }

        return keys;
    }

    private static async Task<HttpStatusCode?> StatusAsync(HttpClient client, string path)
    {
        try
        {
            return (await client.GetAsync(path)).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string failure)
    {
        for (var i = 0; i < 150; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail(failure);
    }
}
