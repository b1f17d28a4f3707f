using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>Loading of pinned keys (shared by every public-key scheme), through the Fireblocks scheme: RSA, SHA-512, any key tried.</summary>
public class PublicKeySetTests
{
    private const string LegacyHeader = "Fireblocks-Signature";
    private const string Body = """{"type":"TRANSACTION_CREATED","data":{"id":"tx1"}}""";

    private static List<string> Errors(params string[] keys)
    {
        VerifierHarness.TryCreate(new FireblocksScheme(), FireblocksSchemeTests.PinnedKeys(keys), out var errors);
        return errors;
    }

    private static string CertificatePem(RSA key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest("CN=webhooks.example", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        return certificate.ExportCertificatePem();
    }

    private static Dictionary<string, string> Signed(RSA key) => new()
    {
        [LegacyHeader] = Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(Body), HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1)),
    };

    [Fact]
    public void Verify_PinnedCertificate_VerifiesWithItsKeyWhileValid()
    {
        using var key = RSA.Create(2048);
        var now = DateTimeOffset.UtcNow;
        var pem = CertificatePem(key, now.AddDays(-1), now.AddDays(30));
        var verifier = VerifierHarness.Create(new FireblocksScheme(), FireblocksSchemeTests.PinnedKeys(pem));

        var valid = verifier.Verify(VerifierHarness.Request(Body, Signed(key), at: now));
        var afterExpiry = verifier.Verify(VerifierHarness.Request(Body, Signed(key), at: now.AddDays(31)));

        Assert.Equal((VerificationStatus.Verified, VerificationStatus.InvalidSignature), (valid.Status, afterExpiry.Status));
    }

    [Fact]
    public void Create_CertificateFollowedByItsChain_Loads()
    {
        using var key = RSA.Create(2048);
        using var issuer = RSA.Create(2048);
        var now = DateTimeOffset.UtcNow;

        var errors = Errors(CertificatePem(key, now.AddDays(-1), now.AddDays(30)) + "\n" + CertificatePem(issuer, now.AddDays(-1), now.AddDays(300)));

        Assert.Empty(errors);
    }

    [Fact]
    public void Create_ExpiredCertificate_RefusedWithItsDate()
    {
        using var key = RSA.Create(2048);
        var expiry = new DateTimeOffset(2024, 1, 31, 0, 0, 0, TimeSpan.Zero);

        var errors = Errors(CertificatePem(key, expiry.AddYears(-1), expiry));

        Assert.Equal("CallbackPolicies:p: PublicKeys:0 is a certificate that expired on 2024-01-31 00:00:00Z; pin the sender's current one.", Assert.Single(errors));
    }

    [Fact]
    public void Create_CertificateNotYetValid_Refused()
    {
        using var key = RSA.Create(2048);
        var start = DateTimeOffset.UtcNow.AddDays(10);

        var errors = Errors(CertificatePem(key, start, start.AddYears(1)));

        Assert.StartsWith("CallbackPolicies:p: PublicKeys:0 is a certificate not valid before ", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SmallKeyInCertificate_Refused()
    {
        using var key = RSA.Create(1024);

        var errors = Errors(CertificatePem(key, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1)));

        Assert.Equal("CallbackPolicies:p: PublicKeys:0 is an RSA key of 1024 bits; at least 2048 are required.", Assert.Single(errors));
    }

    [Fact]
    public void Create_Pkcs1RsaPublicKeyPem_Loads()
    {
        using var key = RSA.Create(2048);

        var errors = Errors(key.ExportRSAPublicKeyPem());

        Assert.Empty(errors);
    }

    [Fact]
    public void Create_TwoKeysInOneEntry_Refused()
    {
        using var first = RSA.Create(2048);
        using var second = RSA.Create(2048);

        var errors = Errors(first.ExportSubjectPublicKeyInfoPem() + "\n" + second.ExportSubjectPublicKeyInfoPem());

        Assert.Equal("CallbackPolicies:p: PublicKeys:0 holds more than one PEM block; give each key its own entry (only a certificate may be followed by its chain).", Assert.Single(errors));
    }

    [Theory]
    [InlineData("not a key, not base64!", "is neither PEM (-----BEGIN PUBLIC KEY-----, -----BEGIN CERTIFICATE-----) nor base64 DER, nor file:<path>.")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "is not a public key (SubjectPublicKeyInfo): ")]
    [InlineData("-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----", "holds a CERTIFICATE REQUEST; expected PUBLIC KEY, RSA PUBLIC KEY or CERTIFICATE.")]
    [InlineData("file:/nonexistent/fireblocks.pem", "cannot be read from /nonexistent/fireblocks.pem: ")]
    public void Create_UnreadableKey_RefusedSayingWhy(string text, string expected)
    {
        var errors = Errors(text);

        Assert.StartsWith("CallbackPolicies:p: PublicKeys:0 " + expected, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SeveralBadKeys_EveryOneReported()
    {
        var errors = Errors("junk", PublicKeyVectors.KeyFile("fireblocks", "fireblocks-test-1.pub.pem"), "file:/nonexistent");

        Assert.Equal(["PublicKeys:0", "PublicKeys:2"], errors.Select(e => e.Split(' ')[1]));
    }

    [Fact]
    public void Verify_ManyThreadsOneKey_EveryVerificationCorrect()
    {
        // Each concurrent verification takes its own key object from the pool: none fails or lets a bad signature through.
        using var key = RSA.Create(2048);
        var verifier = VerifierHarness.Create(new FireblocksScheme(), FireblocksSchemeTests.PinnedKeys(key.ExportSubjectPublicKeyInfoPem()));
        var good = Signed(key);
        var bad = new Dictionary<string, string> { [LegacyHeader] = Convert.ToBase64String(new byte[256]) };

        var results = new VerificationStatus[2000];
        Parallel.For(0, results.Length, i => results[i] = verifier.Verify(VerifierHarness.Request(Body, i % 2 == 0 ? good : bad)).Status);

        Assert.All(results.Where((_, i) => i % 2 == 0), s => Assert.Equal(VerificationStatus.Verified, s));
        Assert.All(results.Where((_, i) => i % 2 == 1), s => Assert.Equal(VerificationStatus.InvalidSignature, s));
    }
}
