using System.Text.Json;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

public class BinancePaySchemeTests
{
    // Made by Fixtures/binancepay/make-vectors.js with node:crypto, each also checked by the PHP code on Binance's page.
    private static readonly JsonElement Root = PublicKeyVectors.Load("binancepay");
    private static readonly Dictionary<string, PublicKeyVector> Vectors = PublicKeyVectors.Vectors(Root);

    public static TheoryData<string> VectorNames => new(Vectors.Keys);

    /// <summary>The certificates as Binance's Query Certificate API returns them: certSerial → certPublic.</summary>
    private static Dictionary<string, string?> PinnedKeys(Func<string, bool>? which = null) =>
        Root.GetProperty("publicKeys").EnumerateObject().Where(p => which?.Invoke(p.Name) ?? true)
            .ToDictionary(p => $"PublicKeys:{p.Name}", p => (string?)p.Value.GetString());

    private static ISignatureVerifier Verifier(Dictionary<string, string?>? settings = null) =>
        VerifierHarness.Create(new BinancePayScheme(), settings ?? PinnedKeys());

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_NodeVector_AsExpected(string name) =>
        PublicKeyVectors.AssertExpected(Verifier(), Vectors[name]);

    [Fact]
    public void Verify_WiderTolerance_OldTimestampVerified()
    {
        var settings = PinnedKeys();
        settings["Tolerance"] = "00:30:00";

        var result = PublicKeyVectors.Verify(Verifier(settings), Vectors["timestamp 1000 s old"]);

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_CertificateNoLongerPinned_Invalid()
    {
        var vector = Vectors["current certificate"];
        var verifier = Verifier(PinnedKeys(serial => serial != vector.Headers["BinancePay-Certificate-SN"]));

        var result = PublicKeyVectors.Verify(verifier, vector);

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Defaults_IdentityAndBinanceSuccessAnswer()
    {
        var verifier = Verifier();

        Assert.Equal(["/bizIdStr", "/bizStatus"], verifier.DefaultIdentity);
        Assert.Equal(("""{"returnCode":"SUCCESS","returnMessage":null}""", "application/json"), (verifier.DefaultDuplicateResponse!.Body, verifier.DefaultDuplicateResponse.ContentType));
    }

    [Fact]
    public void Create_KeysAsList_RefusedBecauseBinanceNamesItsCertificate()
    {
        VerifierHarness.TryCreate(new BinancePayScheme(), new Dictionary<string, string?> { ["PublicKeys:0"] = Root.GetProperty("publicKeys").EnumerateObject().First().Value.GetString() }, out var errors);

        Assert.Equal("CallbackPolicies:p: PublicKeys must name each key by the BinancePay-Certificate-SN the sender sends with it: { \"<BinancePay-Certificate-SN>\": \"<key>\" }, not a list.", Assert.Single(errors));
    }
}
