using System.Text.Json;
using Gateway.Identity;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>
/// The vectors a provider's SDK judged (Fixtures/&lt;provider&gt;/make-vectors.js → vectors.json): each is one request with the
/// policy's secrets and settings, the SDK's verdict, the status the gateway must give and, when accepted, the event identity.
/// </summary>
internal static class ProviderVectors
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
    private static readonly Dictionary<string, Dictionary<string, ProviderVector>> Loaded = [];

    public static TheoryData<string> Names(string provider) => new(Load(provider).Keys);

    public static ProviderVector Get(string provider, string name) => Load(provider)[name];

    /// <summary>Verifies the vector's request under the vector's policy; asserts the gateway's status and identity and that the SDK agrees.</summary>
    public static void AssertVerdict(ISignatureScheme scheme, string provider, string name)
    {
        var vector = Get(provider, name);
        var verifier = VerifierHarness.Create(scheme, vector.Policy());
        var request = vector.Request();

        var result = verifier.Verify(request);

        Assert.Equal(vector.Expect, result.Status.ToString());
        Assert.True(vector.Sdk == result.IsVerified || vector.GatewayDiffers is not null, $"the SDK says {vector.Sdk}");
        if (vector.Identity is not null)
        {
            Assert.Equal(vector.Identity, IdentityOf(verifier, request, result));
        }
    }

    /// <summary>The identity the gateway derives for a verified request when the policy sets no selectors.</summary>
    public static string IdentityOf(ISignatureVerifier verifier, in CallbackRequest request, VerificationResult result)
    {
        var selectors = verifier.DefaultIdentity.Select(text => IdentitySelector.TryParse(text, out var selector) ? selector : throw new InvalidOperationException(text)).ToList();
        Assert.True(EventIdentity.TryExtract(selectors, request, result.Identity, out var identity, out var problem), problem);
        return identity;
    }

    private static Dictionary<string, ProviderVector> Load(string provider)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(provider, out var vectors))
            {
                var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", provider, "vectors.json");
                using var document = JsonDocument.Parse(File.ReadAllBytes(path));
                vectors = document.RootElement.GetProperty("vectors").EnumerateArray()
                    .Select(v => v.Deserialize<ProviderVector>(Options)!)
                    .ToDictionary(v => v.Name);
                Loaded[provider] = vectors;
            }

            return vectors;
        }
    }
}

/// <summary>One SDK-judged request (see <see cref="ProviderVectors"/>); <c>GatewayDiffers</c> says why the gateway's verdict differs from the SDK's, where it deliberately does.</summary>
internal sealed record ProviderVector(
    string Name,
    string[] Secrets,
    Dictionary<string, string> Settings,
    string Uri,
    Dictionary<string, string> Headers,
    string Body,
    long ReceivedAt,
    bool Sdk,
    string Expect,
    string? Identity,
    string? GatewayDiffers)
{
    public Dictionary<string, string?> Policy()
    {
        var policy = VerifierHarness.Secrets(Secrets);
        foreach (var (key, value) in Settings)
        {
            policy[key] = value;
        }

        return policy;
    }

    public CallbackRequest Request() => VerifierHarness.Request(Body, Headers, Uri, DateTimeOffset.FromUnixTimeSeconds(ReceivedAt));
}
