using System.Security.Cryptography;
using System.Text;
using Gateway.Tests.Fixtures;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

public class NowPaymentsSchemeTests
{
    private const string Header = "x-nowpayments-sig";
    private const string Provider = "nowpayments";

    // Computed by Node with the code NOWPayments documents (Fixtures/nowpayments/make-vectors.js): JSON.parse, the
    // recursive sortObject, JSON.stringify, node:crypto HMAC-SHA512 hex.
    private static readonly Dictionary<string, NowPaymentsVector> Vectors = VectorFile.Load<NowPaymentsVector>(Provider, "vectors", v => v.Name);

    // Bodies that are not the signed one, with the signature of the vector they were made from; Node's own check refuses each.
    private static readonly Dictionary<string, TamperedVector> Tampered = VectorFile.Load<TamperedVector>(Provider, "tampered", v => v.Name);

    public static TheoryData<string> VectorNames => new(Vectors.Keys);

    public static TheoryData<string> SignableVectorNames => new(Vectors.Values.Where(v => v.Refused is null).Select(v => v.Name));

    public static TheoryData<string> TamperedNames => new(Tampered.Keys);

    private static ISignatureVerifier Verifier(bool? strict, params string[] secrets)
    {
        var settings = VerifierHarness.Secrets(secrets);
        if (strict is not null)
        {
            settings["Strict"] = strict.Value ? "true" : "false";
        }

        return VerifierHarness.Create(new NowPaymentsScheme(), settings);
    }

    private static VerificationResult Verify(string body, string signature, bool? strict = null, params string[] secrets) =>
        Verifier(strict, secrets.Length == 0 ? [Vectors["documented payment IPN"].Secret] : secrets)
            .Verify(VerifierHarness.Request(body, new Dictionary<string, string> { [Header] = signature }));

    private static string Sign(string signedText, string secret) =>
        Convert.ToHexStringLower(HMACSHA512.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signedText)));

    private static string? ExpectedIdentity(NowPaymentsVector vector) =>
        vector.Identity is null ? null : vector.Identity.Hash ?? IdentityText.Join(vector.Identity.Parts!);

    [Theory]
    [MemberData(nameof(SignableVectorNames))]
    public void TryBuildSignedText_NodeVector_SameBytesAsNode(string name)
    {
        var vector = Vectors[name];
        var content = new ContentBuilder(256);
        try
        {
            var problem = NowPaymentsScheme.TryBuildSignedText(Encoding.UTF8.GetBytes(vector.Body), strict: false, ref content, out _);

            Assert.Null(problem);
            Assert.Equal(Encoding.UTF8.GetString(Convert.FromBase64String(vector.SignedTextUtf8Base64)), Encoding.UTF8.GetString(content.Written));
            Assert.Equal(Convert.FromBase64String(vector.SignedTextUtf8Base64), content.Written.ToArray());
        }
        finally
        {
            content.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_NodeVectorStrict_AsExpectedWithSignedIdentity(string name)
    {
        var vector = Vectors[name];

        var result = Verify(vector.Body, vector.Hex, strict: null, vector.Secret);

        Assert.Equal(vector.Strict, result.Status.ToString());
        Assert.Equal(result.IsVerified ? ExpectedIdentity(vector) : null, result.Identity);
        if (vector.Refused is not null)
        {
            Assert.StartsWith(vector.Refused, result.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_NodeVectorStrictOff_AsExpectedWithSignedIdentity(string name)
    {
        var vector = Vectors[name];

        var result = Verify(vector.Body, vector.Hex, strict: false, vector.Secret);

        Assert.Equal(vector.StrictOff, result.Status.ToString());
        Assert.Equal(result.IsVerified ? ExpectedIdentity(vector) : null, result.Identity);
    }

    [Theory]
    [MemberData(nameof(TamperedNames))]
    public void Verify_TamperedVector_InvalidSignature(string name)
    {
        var vector = Tampered[name];

        var result = Verify(vector.Body, vector.Hex, strict: false, vector.Secret);

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_ArrayAndIndexKeyedObject_SameSignatureSameIdentity()
    {
        // The documented sortObject turns arrays into objects: both bodies sign the same text (Node says so), and the
        // identity fields, which may be neither, cannot differ between them.
        var array = Vectors["arrays become objects keyed by index"];
        var obj = Vectors["object keyed like an array signs like the array"];

        var fromArray = Verify(array.Body, obj.Hex, secrets: array.Secret);
        var fromObject = Verify(obj.Body, array.Hex, secrets: obj.Secret);

        Assert.Equal(array.Hex, obj.Hex);
        Assert.Equal((VerificationStatus.Verified, fromArray.Identity), (fromObject.Status, fromObject.Identity));
    }

    [Fact]
    public void Verify_RespacedAndReorderedCopy_SameIdentity()
    {
        var vector = Vectors["documented payment IPN"];
        var respaced = vector.Body.Replace(",", ",\n  ", StringComparison.Ordinal).Replace("{\"payment_id\":5077125051,", "{", StringComparison.Ordinal)
            .Replace("}}", "},\"payment_id\" : 5077125051}", StringComparison.Ordinal);

        var original = Verify(vector.Body, vector.Hex, secrets: vector.Secret);
        var copy = Verify(respaced, vector.Hex, secrets: vector.Secret);

        Assert.NotEqual(vector.Body, respaced);
        Assert.Equal((VerificationStatus.Verified, original.Identity), (copy.Status, copy.Identity));
    }

    [Fact]
    public void Verify_NonCanonicalPaymentIdStrictOff_IdentityAsSigned()
    {
        // 5077125051.0 signs as JavaScript prints it, 5077125051, and so is identified: a re-spelled replay is a duplicate.
        var vector = Vectors["payment_id spelled as no JavaScript sender writes it"];

        var result = Verify(vector.Body, vector.Hex, strict: false, vector.Secret);

        Assert.Equal((VerificationStatus.Verified, "5077125051:paid"), (result.Status, result.Identity));
    }

    [Fact]
    public void Verify_SecondOfTwoSecrets_Verified()
    {
        var vector = Vectors["documented payment IPN"];

        var result = Verify(vector.Body, vector.Hex, strict: null, "old-ipn-secret", vector.Secret);

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_UnknownSecret_InvalidSignature()
    {
        var vector = Vectors["documented payment IPN"];

        var result = Verify(vector.Body, vector.Hex, strict: null, "old-ipn-secret");

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_UppercaseHex_Verified()
    {
        var vector = Vectors["documented payment IPN"];

        var result = Verify(vector.Body, vector.Hex.ToUpperInvariant(), secrets: vector.Secret);

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_MissingHeader_InvalidSignature()
    {
        var vector = Vectors["documented payment IPN"];

        var result = Verifier(null, vector.Secret).Verify(VerifierHarness.Request(vector.Body, new Dictionary<string, string>()));

        Assert.Equal((VerificationStatus.InvalidSignature, "missing x-nowpayments-sig header"), (result.Status, result.Reason));
    }

    [Theory]
    [InlineData("not-hex")]
    [InlineData("abcd")]
    [InlineData("sha512=00")]
    public void Verify_MalformedHeader_Malformed(string signature)
    {
        var vector = Vectors["documented payment IPN"];

        var result = Verify(vector.Body, signature, secrets: vector.Secret);

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Verify_Sha256SizedDigest_Malformed()
    {
        var vector = Vectors["documented payment IPN"];

        var result = Verify(vector.Body, vector.Hex[..64], secrets: vector.Secret);

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"x\"")]
    [InlineData("{\"payment_id\":1,")]
    public void Verify_NotAJsonObject_Malformed(string body)
    {
        var result = Verify(body, Sign(body, "s"), secrets: "s");

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Verify_InvalidUtf8Strict_Malformed()
    {
        // Node reads 0xFF as U+FFFD, so these bytes sign like the body with U+FFFD written out.
        byte[] body = [.. "{\"payment_id\":1,\"payment_status\":\"a"u8, 0xFF, .. "\"}"u8];
        var signature = Sign("{\"payment_id\":1,\"payment_status\":\"a\uFFFD\"}", "s");

        var strict = Verifier(null, "s").Verify(VerifierHarness.Request(body, new Dictionary<string, string> { [Header] = signature }));
        var lenient = Verifier(false, "s").Verify(VerifierHarness.Request(body, new Dictionary<string, string> { [Header] = signature }));

        Assert.Equal((VerificationStatus.Malformed, "body is not valid UTF-8"), (strict.Status, strict.Reason));
        Assert.Equal(VerificationStatus.Verified, lenient.Status);
    }

    [Fact]
    public void Create_StrictNotABoolean_ConfigurationError()
    {
        var settings = VerifierHarness.Secrets("s");
        settings["Strict"] = "maybe";

        VerifierHarness.TryCreate(new NowPaymentsScheme(), settings, out var errors);

        Assert.Single(errors);
    }

    public sealed record NowPaymentsVector(
        string Name,
        string Secret,
        string Body,
        string Strict,
        string StrictOff,
        string? Refused,
        string SignedTextUtf8Base64,
        string Hex,
        NowPaymentsIdentity? Identity);

    public sealed record NowPaymentsIdentity(string[]? Parts, string? Hash);

    public sealed record TamperedVector(string Name, string Of, string Secret, string Body, string Hex);
}
