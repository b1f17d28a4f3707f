using System.Net;
using System.Text.Json.Nodes;
using Gateway.Configuration;
using Gateway.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Gateway.Model;

namespace Gateway.Tests.Configuration;

public class ConfigurationTests
{
    [Fact]
    public async Task Start_InvalidConfig_RefusesWithEveryErrorNamed()
    {
        var config = TestCallbacks.Config("http://127.0.0.1:1/");
        var policies = config["CallbackPolicies"]!.AsObject();
        policies["noscheme"] = new JsonObject { ["Secrets"] = new JsonArray("s") };
        policies["unknown"] = new JsonObject { ["Scheme"] = "Carrier-Pigeon", ["Secrets"] = new JsonArray("s") };
        policies["nosecret"] = new JsonObject { ["Scheme"] = "Hmac", ["Header"] = "X-Sig" };
        policies["lease"] = new JsonObject
        {
            ["Scheme"] = "Hmac", ["Header"] = "X-Sig", ["Secrets"] = new JsonArray("s"),
            ["Dedup"] = new JsonObject { ["Lease"] = "01:00:00", ["Retention"] = "00:01:00" },
        };
        policies["unsigned-identity"] = new JsonObject
        {
            ["Scheme"] = "Hmac", ["Header"] = "X-Sig", ["Secrets"] = new JsonArray("s"),
            ["Dedup"] = new JsonObject { ["Identity"] = new JsonArray("header:X-Delivery") },
        };
        config["ReverseProxy"]!["Routes"]!["orphan"] = new JsonObject
        {
            ["ClusterId"] = "backend",
            ["Match"] = new JsonObject { ["Path"] = "/orphan" },
            ["Metadata"] = new JsonObject { ["CallbackPolicy"] = "missing" },
        };

        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayInstance.StartAsync(config));

        Assert.Collection(
            error.Errors.Order(StringComparer.Ordinal),
            e => Assert.Contains("CallbackPolicies:lease: Dedup:Lease", e, StringComparison.Ordinal),
            e => Assert.Contains("CallbackPolicies:noscheme: Scheme is required", e, StringComparison.Ordinal),
            e => Assert.Contains("CallbackPolicies:nosecret: Secrets", e, StringComparison.Ordinal),
            e => Assert.Contains("CallbackPolicies:unknown: Scheme 'Carrier-Pigeon' is unknown", e, StringComparison.Ordinal),
            e => Assert.Contains("CallbackPolicies:unsigned-identity: Dedup:Identity 'header:X-Delivery' is not covered", e, StringComparison.Ordinal),
            e => Assert.Contains("Route 'orphan'", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_UnknownKeyOnCommandLine_RefusedNamingIt()
    {
        // Environment variables and the command line are layers of the same configuration: a typo there is no less a typo.
        var config = TestCallbacks.Config("http://127.0.0.1:1/");

        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(
            () => GatewayInstance.StartAsync(config, $"--CallbackPolicies:{TestCallbacks.Policy}:Dedup:Retenion=7.00:00:00"));

        Assert.StartsWith($"CallbackPolicies:{TestCallbacks.Policy}:Dedup:Retenion is not a known setting", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_ValidChange_TakesNewSecretWithoutRestart()
    {
        await using var backend = await Backend.StartAsync();
        var config = TestCallbacks.Config(backend.Address);
        await using var gateway = await GatewayInstance.StartAsync(config);

        config["CallbackPolicies"]![TestCallbacks.Policy]!["Secrets"] = new JsonArray("rotated-secret");
        await gateway.RewriteConfigAsync(config.ToJsonString());

        var accepted = await PollAsync(async () =>
            (await gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody(), secret: "rotated-secret"))).StatusCode == HttpStatusCode.OK);
        Assert.True(accepted, "the rotated secret was not taken");
        var old = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()));
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
    }

    [Theory]
    [InlineData("{ \"ReverseProxy\": ")]
    [InlineData("")]
    [InlineData("invalid-policy")]
    public async Task Reload_InvalidChange_KeepsLastGoodConfig(string change)
    {
        await using var backend = await Backend.StartAsync();
        var config = TestCallbacks.Config(backend.Address);
        await using var gateway = await GatewayInstance.StartAsync(config);

        if (change == "invalid-policy")
        {
            // Valid JSON, invalid config: the policy loses its secrets and the route gains a missing policy.
            config["CallbackPolicies"]![TestCallbacks.Policy]!["Secrets"] = new JsonArray();
            config["ReverseProxy"]!["Routes"]![TestCallbacks.Policy]!["Metadata"]!["CallbackPolicy"] = "missing";
            change = config.ToJsonString();
        }

        var monitor = gateway.Services.GetRequiredService<CallbackSettingsMonitor>();
        await gateway.RewriteConfigAsync(change);

        // Wait until the change has been seen and rejected, so the checks below are about a rejected change.
        Assert.True(await PollAsync(() => Task.FromResult(monitor.RejectedChanges > 0)), "the change was never seen");

        var signed = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()));
        var plain = await gateway.Client.GetAsync("/orders/1");
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        var forged = await gateway.Client.SendAsync(TestCallbacks.UnsignedRequest(TestCallbacks.NewBody()));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public void Locate_MissingFile_ClearMessage()
    {
        var error = Assert.Throws<FileNotFoundException>(() => GatewayConfigFile.Locate(["--config", "/nonexistent/yarp.json"]));

        Assert.Contains("--config", error.Message, StringComparison.Ordinal);
    }

    private static async Task<bool> PollAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
