using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Gateway.Tests.Fixtures;

/// <summary>
/// The gateway configuration the integration tests run with, and callbacks signed the way a generic HMAC sender signs them
/// (computed here with the framework's HMAC, not through the gateway's verifier).
/// </summary>
public static class TestCallbacks
{
    public const string Secret = "test-secret";
    public const string GatewayKey = "test-gateway-key";
    public const string CallbackPath = "/hooks/hmac";
    public const string Policy = "hooks";

    public static JsonObject Config(string backendAddress, string? redis = null, Action<JsonObject>? policy = null)
    {
        var hooks = new JsonObject
        {
            ["Scheme"] = "Hmac",
            ["Secrets"] = new JsonArray("old-secret", Secret),
            ["Algorithm"] = "SHA256",
            ["Encoding"] = "Hex",
            ["Header"] = "X-Signature",
            ["Prefix"] = "sha256=",
            ["TimestampHeader"] = "X-Timestamp",
            ["SignedContent"] = "{timestamp}.{body}",
            ["MaxBodyBytes"] = 1024,
            ["Dedup"] = new JsonObject { ["Identity"] = new JsonArray("/id") },
        };
        policy?.Invoke(hooks);
        var config = new JsonObject
        {
            ["ReverseProxy"] = new JsonObject
            {
                ["Routes"] = new JsonObject
                {
                    [Policy] = new JsonObject
                    {
                        ["ClusterId"] = "backend",
                        ["Match"] = new JsonObject { ["Path"] = CallbackPath, ["Methods"] = new JsonArray("POST") },
                        ["Metadata"] = new JsonObject { ["CallbackPolicy"] = Policy },
                    },
                    ["rest"] = new JsonObject
                    {
                        ["ClusterId"] = "backend",
                        ["Match"] = new JsonObject { ["Path"] = "{**catch-all}" },
                    },
                },
                ["Clusters"] = new JsonObject
                {
                    ["backend"] = new JsonObject
                    {
                        ["Destinations"] = new JsonObject { ["a"] = new JsonObject { ["Address"] = backendAddress } },
                    },
                },
            },
            ["CallbackPolicies"] = new JsonObject { [Policy] = hooks },
            ["Gateway"] = new JsonObject { ["SigningKey"] = GatewayKey, ["KeyPrefix"] = "test-" + Guid.NewGuid().ToString("N") },
        };
        if (redis is not null)
        {
            config["ConnectionStrings"] = new JsonObject { ["Redis"] = redis };
        }

        return config;
    }

    /// <summary>Adds a callback route <paramref name="name"/> at <paramref name="path"/> with its policy of the same name.</summary>
    public static JsonObject WithCallbackRoute(this JsonObject config, string name, string path, JsonObject policy, JsonArray? transforms = null)
    {
        var route = new JsonObject
        {
            ["ClusterId"] = "backend",
            ["Match"] = new JsonObject { ["Path"] = path, ["Methods"] = new JsonArray("POST") },
            ["Metadata"] = new JsonObject { ["CallbackPolicy"] = name },
        };
        if (transforms is not null)
        {
            route["Transforms"] = transforms;
        }

        config["ReverseProxy"]!["Routes"]![name] = route;
        config["CallbackPolicies"]![name] = policy;
        return config;
    }

    public static string NewBody(string? id = null) => $$"""{"id":"{{id ?? "evt_" + Guid.NewGuid().ToString("N")}}","type":"invoice.paid","amount":1.10}""";

    /// <summary>A callback signed with <paramref name="secret"/> at <paramref name="at"/> (default now).</summary>
    public static HttpRequestMessage SignedRequest(string body, string secret = Secret, DateTimeOffset? at = null, string path = CallbackPath) =>
        SignedAt(body, (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), secret, path);

    /// <summary>A callback whose <c>X-Timestamp</c> is <paramref name="timestamp"/> exactly as written, signed over that text.</summary>
    public static HttpRequestMessage SignedAt(string body, string timestamp, string secret = Secret, string path = CallbackPath)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        var request = UnsignedRequest(body, path);
        request.Headers.TryAddWithoutValidation("X-Timestamp", timestamp);
        request.Headers.Add("X-Signature", "sha256=" + Convert.ToHexStringLower(mac));
        return request;
    }

    public static HttpRequestMessage UnsignedRequest(string body, string path = CallbackPath) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>The URI of <paramref name="path"/> on <paramref name="client"/>'s server, sent exactly as written: no unescaping of <c>%68</c>, no <c>//x</c> read as a host.</summary>
    public static Uri RawUri(HttpClient client, string path) =>
        new(client.BaseAddress!.GetLeftPart(UriPartial.Authority) + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
}
