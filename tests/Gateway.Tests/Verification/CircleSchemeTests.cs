using System.Text.Json;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

public class CircleSchemeTests
{
    // Made by Fixtures/circle/make-vectors.js with node:crypto: ECDSA P-256 SHA-256, DER, base64; keys pinned by id.
    private static readonly JsonElement Root = PublicKeyVectors.Load("circle");
    private static readonly Dictionary<string, PublicKeyVector> Vectors = PublicKeyVectors.Vectors(Root);

    public static TheoryData<string> VectorNames => new(Vectors.Keys);

    /// <summary>The policy's PublicKeys as the vectors pin them: id → base64 DER, as Circle's publicKey endpoint returns it.</summary>
    private static Dictionary<string, string?> PinnedKeys(Func<string, bool>? which = null) =>
        Root.GetProperty("publicKeys").EnumerateObject().Where(p => which?.Invoke(p.Name) ?? true)
            .ToDictionary(p => $"PublicKeys:{p.Name}", p => (string?)p.Value.GetString());

    private static ISignatureVerifier Verifier(Dictionary<string, string?>? keys = null) => VerifierHarness.Create(new CircleScheme(), keys ?? PinnedKeys());

    private static List<string> Errors(Dictionary<string, string?> settings)
    {
        VerifierHarness.TryCreate(new CircleScheme(), settings, out var errors);
        return errors;
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_NodeVector_AsExpected(string name) =>
        PublicKeyVectors.AssertExpected(Verifier(), Vectors[name]);

    [Fact]
    public void Verify_OnlyOtherKeyPinned_Invalid()
    {
        var current = Vectors["current key"];
        var verifier = Verifier(PinnedKeys(id => id != current.Headers["X-Circle-Key-Id"]));

        var result = PublicKeyVectors.Verify(verifier, current);

        Assert.Equal((VerificationStatus.InvalidSignature, "X-Circle-Key-Id names no pinned key"), (result.Status, result.Reason));
    }

    [Fact]
    public void DefaultIdentity_NotificationId()
    {
        Assert.Equal(["/notificationId"], Verifier().DefaultIdentity);
    }

    [Fact]
    public void Create_DocumentedKey_Loads()
    {
        var documented = Root.GetProperty("documentedKey");

        var errors = Errors(new() { [$"PublicKeys:{documented.GetProperty("id").GetString()}"] = documented.GetProperty("publicKey").GetString() });

        Assert.Empty(errors);
    }

    [Fact]
    public void Create_KeysAsList_RefusedBecauseCircleNamesItsKey()
    {
        var errors = Errors(new() { ["PublicKeys:0"] = Root.GetProperty("documentedKey").GetProperty("publicKey").GetString() });

        Assert.Equal(["CallbackPolicies:p: PublicKeys must name each key by the X-Circle-Key-Id the sender sends with it: { \"<X-Circle-Key-Id>\": \"<key>\" }, not a list."], errors);
    }

    [Fact]
    public void Create_KeyOnAnotherCurve_Refused()
    {
        var errors = Errors(new() { ["PublicKeys:k1"] = Root.GetProperty("wrongCurveKey").GetString() });

        Assert.Equal("CallbackPolicies:p: PublicKeys:k1 is an EC key on P-384; the signatures are ECDSA P-256 SHA-256 (DER).", Assert.Single(errors));
    }

    [Fact]
    public void Create_RsaKey_Refused()
    {
        var errors = Errors(new() { ["PublicKeys:k1"] = PublicKeyVectors.KeyFile("fireblocks", "fireblocks-test-2.pub.pem") });

        Assert.Equal(["CallbackPolicies:p: PublicKeys:k1 is an RSA key, but the signatures are ECDSA P-256 SHA-256 (DER)."], errors);
    }
}
