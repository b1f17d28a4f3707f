using System.Security.Cryptography;
using System.Text;
using Gateway.Tests.Fixtures;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

public class CoinPaymentsSchemeTests
{
    private const string Provider = "coinpayments";
    private const string Header = "HMAC";
    private const string Merchant = "0f2b6b0c5b3e4f1a9c8d7e6f5a4b3c2d";

    // Made by PHP and checked with the code CoinPayments documents (Fixtures/coinpayments/make-vectors.php).
    private static readonly Dictionary<string, CoinPaymentsVector> Vectors = VectorFile.Load<CoinPaymentsVector>(Provider, "vectors", v => v.Name);

    // Bodies changed after signing, which the documented check refuses.
    private static readonly Dictionary<string, TamperedVector> Tampered = VectorFile.Load<TamperedVector>(Provider, "tampered", v => v.Name);

    public static TheoryData<string> VectorNames => new(Vectors.Keys);

    public static TheoryData<string> TamperedNames => new(Tampered.Keys);

    private static CoinPaymentsVector Complete => Vectors["payment complete"];

    private static ISignatureVerifier Verifier(params string[] secrets)
    {
        var settings = VerifierHarness.Secrets(secrets);
        settings["MerchantId"] = Merchant;
        return VerifierHarness.Create(new CoinPaymentsScheme(), settings);
    }

    private static VerificationResult Verify(string body, string? hmac, params string[] secrets) =>
        Verifier(secrets).Verify(VerifierHarness.Request(body, hmac is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [Header] = hmac }));

    private static string Sign(string body, string secret) =>
        Convert.ToHexStringLower(HMACSHA512.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_PhpVector_AsTheDocumentedCheckWithIdentity(string name)
    {
        var vector = Vectors[name];

        var result = Verify(vector.Body, vector.Hmac, vector.Secret);

        Assert.Equal(vector.Expect, result.Status.ToString());
        Assert.Equal(vector.Identity is null ? null : IdentityText.Join(vector.Identity), result.Identity);
    }

    [Theory]
    [MemberData(nameof(TamperedNames))]
    public void Verify_TamperedBody_InvalidSignature(string name)
    {
        var vector = Tampered[name];

        var result = Verify(vector.Body, vector.Hmac, vector.Secret);

        Assert.Equal((VerificationStatus.InvalidSignature, "signature does not match"), (result.Status, result.Reason));
    }

    [Fact]
    public void Verify_SecondOfTwoSecrets_Verified()
    {
        var result = Verify(Complete.Body, Complete.Hmac, "rotated-ipn-secret", Complete.Secret);

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_UppercaseHex_Verified()
    {
        var result = Verify(Complete.Body, Complete.Hmac.ToUpperInvariant(), Complete.Secret);

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_MissingHeader_InvalidSignature()
    {
        var result = Verify(Complete.Body, null, Complete.Secret);

        Assert.Equal((VerificationStatus.InvalidSignature, "missing HMAC header"), (result.Status, result.Reason));
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("abcd")]
    public void Verify_MalformedHeader_Malformed(string hmac)
    {
        var result = Verify(Complete.Body, hmac, Complete.Secret);

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Theory]
    [InlineData("ipn_mode=hmac&merchant=" + Merchant + "&txn_id=A&status=1&status=100")]
    [InlineData("ipn_mode=hmac&merchant=" + Merchant + "&merchant=" + Merchant + "&txn_id=A&status=1")]
    [InlineData("ipn_mode=hmac&merchant=" + Merchant + "&status=1")]
    [InlineData("ipn_mode=hmac&merchant=" + Merchant + "&txn_id=&status=1")]
    public void Verify_IdentityOrMerchantFieldNotOnce_Malformed(string body)
    {
        var result = Verify(body, Sign(body, "s"), "s");

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Create_NoMerchantId_ConfigurationError()
    {
        VerifierHarness.TryCreate(new CoinPaymentsScheme(), VerifierHarness.Secrets("s"), out var errors);

        Assert.Contains(errors, e => e.Contains("MerchantId is required", StringComparison.Ordinal));
    }

    public sealed record CoinPaymentsVector(string Name, string Secret, string Body, string Hmac, string Expect, string? DocumentedCheck, string[]? Identity);

    public sealed record TamperedVector(string Name, string Of, string Secret, string Body, string Hmac);
}
