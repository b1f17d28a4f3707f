using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

public class FireblocksSchemeTests
{
    private const string Provider = "fireblocks";
    private const string JwsHeader = "Fireblocks-Webhook-Signature";
    private const string LegacyHeader = "Fireblocks-Signature";

    // Made by Fixtures/fireblocks/make-vectors.js: detached RS512 JWS with jose, legacy RSA-SHA512 with node:crypto.
    private static readonly JsonElement Root = PublicKeyVectors.Load(Provider);
    private static readonly Dictionary<string, PublicKeyVector> Vectors = PublicKeyVectors.Vectors(Root);

    public static TheoryData<string> VectorNames => new(Vectors.Keys);

    private static string Key(string name) => PublicKeyVectors.KeyFile(Provider, name);

    private static ISignatureVerifier Verifier(params string[] keys) =>
        VerifierHarness.Create(new FireblocksScheme(), PinnedKeys(keys.Length == 0 ? [Key("fireblocks-test-1.pub.pem"), Key("fireblocks-test-2.pub.pem")] : keys));

    internal static Dictionary<string, string?> PinnedKeys(params string[] keys) =>
        keys.Select((k, i) => (i, k)).ToDictionary(p => $"PublicKeys:{p.i}", p => (string?)p.k);

    private static List<string> Errors(params string[] keys)
    {
        VerifierHarness.TryCreate(new FireblocksScheme(), PinnedKeys(keys), out var errors);
        return errors;
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_NodeVector_AsExpected(string name)
    {
        var vector = Vectors[name];

        var result = PublicKeyVectors.AssertExpected(Verifier(), vector);

        Assert.Equal(result.IsVerified && vector.Identity is not null ? IdentityText.Join(vector.Identity) : null, result.Identity);
    }

    [Theory]
    [InlineData("v2 JWS, rotated key")]
    [InlineData("legacy v1, rotated key")]
    public void Verify_SignedWithKeyNoLongerPinned_Invalid(string name)
    {
        var result = PublicKeyVectors.Verify(Verifier(Key("fireblocks-test-1.pub.pem")), Vectors[name]);

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_KeyGivenAsPemText_VerifiesLikeTheFile()
    {
        var pem = File.ReadAllText(PublicKeyVectors.KeyPath(Provider, "fireblocks-test-1.pub.pem"));

        var result = PublicKeyVectors.Verify(Verifier(pem), Vectors["v2 JWS"]);

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_KeyGivenAsBase64Der_VerifiesLikeThePem()
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(PublicKeyVectors.KeyPath(Provider, "fireblocks-test-1.pub.pem")));

        var result = PublicKeyVectors.Verify(Verifier(Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo())), Vectors["legacy v1"]);

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_LegacySignatureBySignerOfTheSameKeyInDotNet_Verified()
    {
        // The gateway's verifier against a signature made with the framework rather than Node.
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(PublicKeyVectors.KeyPath(Provider, "fireblocks-test-2.key.pem")));
        var body = """{"type":"VAULT_ACCOUNT_ADDED","tenantId":"t","timestamp":1,"data":{"id":"7"}}""";
        var signature = Convert.ToBase64String(rsa.SignData(Encoding.UTF8.GetBytes(body), HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1));

        var result = Verifier().Verify(VerifierHarness.Request(body, new Dictionary<string, string> { [LegacyHeader] = signature }));

        Assert.Equal((VerificationStatus.Verified, (string?)null), (result.Status, result.Identity));
    }

    [Theory]
    [InlineData("x..y")]
    [InlineData("..")]
    [InlineData("abc")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJSUzUxMiJ9..a..b")]
    public void Verify_JwsHeaderNotDetachedCompact_Malformed(string header)
    {
        var result = Verifier().Verify(VerifierHarness.Request("{}", new Dictionary<string, string> { [JwsHeader] = header }));

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Create_DocumentedProductionKey_Loads()
    {
        var errors = Errors(Root.GetProperty("documentedProductionKey").GetString()!);

        Assert.Empty(errors);
    }

    [Fact]
    public void Create_NoPublicKeys_ErrorNamesTheSetting()
    {
        var errors = Errors();

        Assert.Equal(["CallbackPolicies:p: PublicKeys is required for the Fireblocks scheme: the sender's RSA public keys (PEM text, base64 DER or file:<path>)."], errors);
    }

    [Theory]
    [InlineData("rsa-1024.pub.pem", "PublicKeys:0 is an RSA key of 1024 bits; at least 2048 are required.")]
    [InlineData("ec-p256.pub.pem", "PublicKeys:0 is an EC key, but the signatures are RSA SHA-512 (PKCS#1 v1.5).")]
    [InlineData("fireblocks-test-1.key.pem", "PublicKeys:0 holds a PRIVATE KEY: pin the sender's public key only (and keep private keys out of the configuration).")]
    public void Create_UnfitKey_RefusedNamingPolicyAndKey(string file, string expected)
    {
        var errors = Errors(Key(file));

        Assert.Equal(["CallbackPolicies:p: " + expected], errors);
    }

    [Theory]
    [InlineData("""{"id":"evt_1","data":{"id":"tx"}}""", true, "evt_1")]
    [InlineData("""{"data":{"id":"tx"},"id":42}""", true, "42")]
    [InlineData("""{"type":"TRANSACTION_CREATED","data":{"id":"tx"}}""", true, null)]
    [InlineData("""{"id":{"nested":1}}""", true, "")]
    [InlineData("""not json""", true, null)]
    [InlineData("""{"id":"a","data":{},"id":"b"}""", false, null)]
    public void TryGetEventId_Body_TopLevelIdOnly(string body, bool expected, string? id)
    {
        var ok = FireblocksScheme.TryGetEventId(Encoding.UTF8.GetBytes(body), out var actual);

        Assert.Equal((expected, id), (ok, actual));
    }
}
