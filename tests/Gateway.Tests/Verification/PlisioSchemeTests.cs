using System.Text;
using Gateway.Tests.Fixtures;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

public class PlisioSchemeTests
{
    private const string Provider = "plisio";

    // Made by PHP and checked with Plisio's own SDK code, verifyCallbackData (Fixtures/plisio/make-vectors.php).
    private static readonly Dictionary<string, PlisioVector> Vectors = VectorFile.Load<PlisioVector>(Provider, "vectors", v => v.Name);

    // Bodies changed after signing, which the SDK refuses.
    private static readonly Dictionary<string, TamperedVector> Tampered = VectorFile.Load<TamperedVector>(Provider, "tampered", v => v.Name);

    public static TheoryData<string> VectorNames => new(Vectors.Keys);

    public static TheoryData<string> SignableNames => new(Vectors.Values.Where(v => v.Refused is null).Select(v => v.Name));

    public static TheoryData<string> TamperedNames => new(Tampered.Keys);

    private static PlisioVector Completed => Vectors["invoice completed"];

    private static VerificationResult Verify(string body, params string[] secrets) =>
        VerifierHarness.Create(new PlisioScheme(), VerifierHarness.Secrets(secrets))
            .Verify(VerifierHarness.Request(body, new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" }));

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_SdkVector_AsExpectedWithIdentity(string name)
    {
        var vector = Vectors[name];

        var result = Verify(vector.Body, vector.Secret);

        Assert.Equal(vector.Expect, result.Status.ToString());
        Assert.Equal(vector.Identity is null ? null : IdentityText.Join(vector.Identity), result.Identity);
        if (vector.Refused is not null)
        {
            Assert.StartsWith(vector.Refused, result.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(SignableNames))]
    public void TryBuildSignedString_SdkVector_SameBytesAsPhpSerialize(string name)
    {
        var vector = Vectors[name];
        var serialized = new ContentBuilder(256);
        try
        {
            var problem = PlisioScheme.TryBuildSignedString(Encoding.UTF8.GetBytes(vector.Body), ref serialized, out var hash, out _);

            Assert.Null(problem);
            Assert.Equal(vector.VerifyHash, hash);
            Assert.Equal(Encoding.UTF8.GetString(Convert.FromBase64String(vector.SignedStringBase64)), Encoding.UTF8.GetString(serialized.Written));
        }
        finally
        {
            serialized.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(TamperedNames))]
    public void Verify_TamperedBody_InvalidSignature(string name)
    {
        var vector = Tampered[name];

        var result = Verify(vector.Body, vector.Secret);

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_FieldsReorderedAndEntityWrittenPlain_SameEvent()
    {
        // ksort and html_entity_decode make both sign the same: one event.
        var vector = Vectors["tx_urls entity-encoded"];
        var fields = vector.Body.Split('&');
        var reordered = string.Join('&', fields.Reverse()).Replace("%26amp%3B", "%26", StringComparison.Ordinal);

        var result = Verify(reordered, vector.Secret);

        Assert.NotEqual(vector.Body, reordered);
        Assert.Equal((VerificationStatus.Verified, "t-4:completed"), (result.Status, result.Identity));
    }

    [Fact]
    public void Verify_SecondOfTwoSecrets_Verified()
    {
        var result = Verify(Completed.Body, "rotated-secret-key", Completed.Secret);

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_NoVerifyHash_InvalidSignature()
    {
        var result = Verify("txn_id=t&status=completed", Completed.Secret);

        Assert.Equal((VerificationStatus.InvalidSignature, "missing verify_hash field"), (result.Status, result.Reason));
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("abcd")]
    public void Verify_VerifyHashNotAnHmacSha1_Malformed(string hash)
    {
        var result = Verify("txn_id=t&status=completed&verify_hash=" + hash, Completed.Secret);

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Verify_JsonCallback_Malformed()
    {
        var result = Verify("""{"txn_id":"t","status":"completed","verify_hash":"00"}""", Completed.Secret);

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    public sealed record PlisioVector(string Name, string Secret, string Body, string SignedStringBase64, string VerifyHash, string Expect, string? Refused, string[]? Identity);

    public sealed record TamperedVector(string Name, string Of, string Secret, string Body);
}
