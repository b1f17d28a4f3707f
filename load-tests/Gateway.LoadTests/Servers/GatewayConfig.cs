using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.LoadTests.Servers;

/// <summary>
/// The gateway's configuration for a run: one callback route (generic <c>Hmac</c>: <c>X-Signature: sha256=…</c> over
/// <c>{timestamp}.{body}</c>, identity <c>/id</c>) and a catch-all plain route, both to the backend nginx.
/// </summary>
internal static class GatewayConfig
{
    public const string CallbackPath = "/callbacks/load";
    public const string PlainPath = "/orders/42";
    public const string PlainPostPath = "/orders/posted";
    public const string Secret = "load-test-callback-secret";
    public const string SignatureHeader = "X-Signature";
    public const string SignaturePrefix = "sha256=";
    public const string TimestampHeader = "X-Timestamp";

    /// <summary>The prefix of every dedup key the gateway writes (its default, <c>Gateway:KeyPrefix</c>).</summary>
    public const string KeyPrefix = "cbgw";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Write(WorkDirectory directory, string name, BackendNginx backend)
    {
        var config = new JsonObject
        {
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning" } },
            ["ReverseProxy"] = new JsonObject
            {
                ["Routes"] = new JsonObject
                {
                    ["callback"] = new JsonObject
                    {
                        ["ClusterId"] = "backend",
                        ["Match"] = new JsonObject { ["Path"] = CallbackPath, ["Methods"] = new JsonArray("POST") },
                        ["Metadata"] = new JsonObject { ["CallbackPolicy"] = "load" },
                    },
                    ["plain"] = new JsonObject { ["ClusterId"] = "backend", ["Match"] = new JsonObject { ["Path"] = "{**catch-all}" } },
                },
                ["Clusters"] = new JsonObject
                {
                    ["backend"] = new JsonObject
                    {
                        ["Destinations"] = new JsonObject { ["nginx"] = new JsonObject { ["Address"] = backend.BaseAddress.ToString() } },
                    },
                },
            },
            ["CallbackPolicies"] = new JsonObject
            {
                ["load"] = new JsonObject
                {
                    ["Scheme"] = "Hmac",
                    ["Secrets"] = new JsonArray(Secret),
                    ["Header"] = SignatureHeader,
                    ["Prefix"] = SignaturePrefix,
                    ["TimestampHeader"] = TimestampHeader,
                    // Callbacks are signed before a run starts; the longest run (the soak) must still find them fresh.
                    ["Tolerance"] = "00:30:00",
                    ["Dedup"] = new JsonObject { ["Identity"] = new JsonArray("/id") },
                },
            },
            ["Gateway"] = new JsonObject
            {
                ["SigningKey"] = "load-test-gateway-key",
                // The shortest Retry-After there is (whole seconds): the storms' senders honour it, and the default 5 s
                // would make a storm mostly waiting.
                ["RetryAfter"] = "00:00:01",
            },
        };

        var path = directory.File($"{name}.json");
        File.WriteAllText(path, config.ToJsonString(Indented));
        return path;
    }
}
