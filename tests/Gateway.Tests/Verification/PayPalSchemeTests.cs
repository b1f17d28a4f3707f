using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.Identity;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

public class PayPalSchemeTests
{
    // Made by Fixtures/paypal/make-vectors.js: node:crypto and zlib.crc32, each also checked with PHP's crc32() and
    // openssl_verify(); the certificates are self-signed test ones made with the openssl CLI.
    private static readonly JsonElement Root = PublicKeyVectors.Load("paypal");
    private static readonly Dictionary<string, PublicKeyVector> Vectors = PublicKeyVectors.Vectors(Root);

    /// <summary>Every vector is checked one second after the transmission time the generator signs.</summary>
    private static readonly DateTimeOffset CheckedAt = DateTimeOffset.Parse(Root.GetProperty("checkedAt").GetString()!, CultureInfo.InvariantCulture).AddSeconds(1);

    public static TheoryData<string> VectorNames => new(Vectors.Keys);

    private static Dictionary<string, string?> Settings(int certificates = 2)
    {
        var settings = Root.GetProperty("certificates").EnumerateArray().Take(certificates)
            .Select((c, i) => (i, c.GetString())).ToDictionary(p => $"PublicKeys:{p.i}", p => p.Item2);
        settings["WebhookId"] = Root.GetProperty("webhookId").GetString();
        return settings;
    }

    private static ISignatureVerifier Verifier(Dictionary<string, string?>? settings = null) => VerifierHarness.Create(new PayPalScheme(), settings ?? Settings());

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_NodeVector_AsExpected(string name)
    {
        var vector = Vectors[name];
        var verifier = Verifier();

        var result = PublicKeyVectors.AssertExpected(verifier, vector, CheckedAt);

        if (result.IsVerified)
        {
            Assert.Equal(vector.Identity, Identity(verifier, vector));
        }
    }

    /// <summary>The event identity the gateway derives for a verified vector, from the scheme's default selectors.</summary>
    private static string Identity(ISignatureVerifier verifier, PublicKeyVector vector)
    {
        var selectors = verifier.DefaultIdentity.Select(text => IdentitySelector.TryParse(text, out var selector) ? selector : throw new InvalidOperationException(text)).ToList();
        Assert.True(EventIdentity.TryExtract(selectors, VerifierHarness.Request(vector.Bytes, vector.Headers, at: CheckedAt), null, out var identity, out var problem), problem);
        return identity;
    }

    [Fact]
    public void Verify_CrcCollision_SameIdentityAsTheRealDelivery()
    {
        // PayPal signs the body only through its CRC-32: the forged bytes verify, so the identity must make them a duplicate.
        var verifier = Verifier();
        var real = Vectors["current certificate"];
        var forged = Vectors["CRC-32 collision: other bytes under a captured transmission"];

        var forgedResult = PublicKeyVectors.Verify(verifier, forged, CheckedAt);

        Assert.NotEqual(real.Bytes, forged.Bytes);
        Assert.Equal(VerificationStatus.Verified, forgedResult.Status);
        Assert.Equal(Identity(verifier, real), Identity(verifier, forged));
        Assert.False(verifier.SignsBody);
    }

    [Fact]
    public void Verify_OnlyNextCertificatePinned_CurrentRefused()
    {
        var settings = Settings();
        settings["PublicKeys:0"] = settings["PublicKeys:1"];
        settings.Remove("PublicKeys:1");

        var result = PublicKeyVectors.Verify(Verifier(settings), Vectors["current certificate"], CheckedAt);

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [InlineData("", 0u)]
    [InlineData("123456789", 0xCBF43926u)] // the CRC-32 check value
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Crc32_KnownInputs_KnownValues(string text, uint expected)
    {
        Assert.Equal(expected, PayPalScheme.Crc32(Encoding.ASCII.GetBytes(text)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a|b")]
    public void Create_WebhookIdMissingOrHoldingPipe_Refused(string webhookId)
    {
        var settings = Settings();
        settings["WebhookId"] = webhookId;

        VerifierHarness.TryCreate(new PayPalScheme(), settings, out var errors);

        Assert.Equal("CallbackPolicies:p: WebhookId (the id PayPal gave the webhook when it was registered, which PayPal signs) is required for the PayPal scheme.", Assert.Single(errors));
    }
}
