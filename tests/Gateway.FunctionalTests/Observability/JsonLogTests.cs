using System.Net;
using System.Text.Json;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.Observability;

/// <summary>JSON console logs, switched on by configuration alone, carry a callback's route, policy, outcome and event id as fields.</summary>
public sealed class JsonLogTests
{
    [Fact]
    public async Task JsonFormatter_Callbacks_EachLineJsonWithRoutePolicyOutcomeAndEventIdFields()
    {
        await using var backend = await Backend.StartAsync();
        var management = RedisServer.FreePort();
        var config = TestCallbacks.Config(backend.Address);
        config["Gateway"]!["ManagementUrls"] = $"http://127.0.0.1:{management}";
        await using var gateway = await GatewayProcess.StartAsync(config, "--Logging:Console:FormatterName=json", "--Gateway:ShutdownDelay=00:00:00");
        await WaitUntilReadyAsync(management);
        var body = TestCallbacks.NewBody("evt_json_log");

        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.SendAsync(TestCallbacks.SignedRequest(body))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.SendAsync(TestCallbacks.SignedRequest(body))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Client.SendAsync(TestCallbacks.UnsignedRequest(body))).StatusCode);
        gateway.Signal("TERM");
        Assert.True(gateway.WaitForExit(TimeSpan.FromSeconds(30)), "the gateway did not stop");

        var lines = gateway.Output.Select(line => JsonDocument.Parse(line).RootElement).ToList(); // every line is one JSON object
        var forwarded = Single(lines, LogEvents.CallbackForwarded);
        var duplicate = Single(lines, LogEvents.CallbackDuplicate);
        var rejected = Single(lines, LogEvents.RequestRejected);
        foreach (var (state, outcome) in new[] { (forwarded, "forwarded"), (duplicate, "duplicate"), (rejected, "invalid_signature") })
        {
            Assert.Equal(TestCallbacks.Policy, state.GetProperty("Route").GetString());
            Assert.Equal(TestCallbacks.Policy, state.GetProperty("Policy").GetString());
            Assert.Equal(outcome, state.GetProperty("Outcome").GetString());
        }

        Assert.Equal("evt_json_log", forwarded.GetProperty("CallbackEventId").GetString());
        Assert.Equal("evt_json_log", duplicate.GetProperty("CallbackEventId").GetString());
        Assert.False(rejected.TryGetProperty("CallbackEventId", out _)); // an unverified body's id is the sender's claim, not logged
    }

    /// <summary>The fields of the one line of that event (the JSON formatter writes the event's number, not its name).</summary>
    private static JsonElement Single(List<JsonElement> lines, int eventId) =>
        Assert.Single(lines, line => line.GetProperty("EventId").GetInt32() == eventId).GetProperty("State");

    private static async Task WaitUntilReadyAsync(int management)
    {
        using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{management}") };
        for (var i = 0; i < 150; i++)
        {
            try
            {
                if ((await probe.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(50);
        }

        Assert.Fail("the gateway never became ready");
    }
}
