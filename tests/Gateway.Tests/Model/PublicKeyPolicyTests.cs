using Gateway.Model;
using Gateway.Verification;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Model;

/// <summary>Policies of public-key schemes take no Secrets; shared-secret schemes still need them.</summary>
public class PublicKeyPolicyTests
{
    private static readonly CallbackSettingsLoader Loader = new([new HmacScheme(), new FireblocksScheme()]);

    private static readonly string PinnedKey = "file:" + Path.Combine(AppContext.BaseDirectory, "Fixtures", "fireblocks", "keys", "fireblocks-test-1.pub.pem");

    private static List<string> LoadErrors(Dictionary<string, string?> values)
    {
        Loader.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), out var errors);
        return errors;
    }

    [Fact]
    public void Load_PublicKeySchemeWithoutSecrets_Accepted()
    {
        var errors = LoadErrors(new()
        {
            ["CallbackPolicies:p:Scheme"] = "Fireblocks",
            ["CallbackPolicies:p:PublicKeys:0"] = PinnedKey,
        });

        Assert.Empty(errors);
    }

    [Fact]
    public void Load_PublicKeySchemeWithSecrets_RejectedAsUnused()
    {
        var errors = LoadErrors(new()
        {
            ["CallbackPolicies:p:Scheme"] = "Fireblocks",
            ["CallbackPolicies:p:Secrets:0"] = "s",
            ["CallbackPolicies:p:PublicKeys:0"] = PinnedKey,
        });

        Assert.Equal(["CallbackPolicies:p: Secrets is not used by the Fireblocks scheme, which verifies with the public keys pinned in PublicKeys; remove it."], errors);
    }

    [Theory]
    [InlineData("Hmac")]
    [InlineData("NoSuchScheme")]
    public void Load_SharedSecretOrUnknownSchemeWithoutSecrets_Rejected(string scheme)
    {
        var errors = LoadErrors(new()
        {
            ["CallbackPolicies:p:Scheme"] = scheme,
            ["CallbackPolicies:p:Header"] = "X-Sig",
        });

        Assert.Contains("CallbackPolicies:p: Secrets must hold at least one secret, and none may be empty.", errors);
    }

    [Fact]
    public void Load_PublicKeysOnSharedSecretScheme_ReportedAsUnknownSetting()
    {
        var errors = LoadErrors(new()
        {
            ["CallbackPolicies:p:Scheme"] = "Hmac",
            ["CallbackPolicies:p:Secrets:0"] = "s",
            ["CallbackPolicies:p:Header"] = "X-Sig",
            ["CallbackPolicies:p:PublicKeys:0"] = PinnedKey,
        });

        Assert.Single(errors, e => e.StartsWith("CallbackPolicies:p:PublicKeys is not a known setting", StringComparison.Ordinal));
    }
}
