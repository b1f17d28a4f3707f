using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Tests.Fixtures;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

public class CryptomusSchemeTests
{
    private const string Provider = "cryptomus";

    // Made by PHP itself (Fixtures/cryptomus/make-vectors.php), each checked with the verification code Cryptomus documents.
    private static readonly Dictionary<string, CryptomusVector> Vectors = VectorFile.Load<CryptomusVector>(Provider, "vectors", v => v.Name);

    // Bodies changed after signing, each refused by the documented PHP check.
    private static readonly Dictionary<string, ChangedBody> Tampered = VectorFile.Load<ChangedBody>(Provider, "tampered", v => v.Name);

    public static TheoryData<string, string> VectorsPerScheme => Each(Vectors.Keys);

    public static TheoryData<string, string> TamperedPerScheme => Each(Tampered.Keys);

    public static TheoryData<string> SignableNames => new(Vectors.Values.Where(v => v.Refused is null).Select(v => v.Name));

    private static CryptomusVector Documented => Vectors["documented payment webhook"];

    private static TheoryData<string, string> Each(IEnumerable<string> names)
    {
        var data = new TheoryData<string, string>();
        foreach (var name in names)
        {
            data.Add(CryptomusScheme.SchemeName, name);
            data.Add(HeleketScheme.SchemeName, name);
        }

        return data;
    }

    private static ISignatureScheme Scheme(string name) => name == HeleketScheme.SchemeName ? new HeleketScheme() : new CryptomusScheme();

    private static VerificationResult Verify(string body, params string[] keys) => Verify(Encoding.UTF8.GetBytes(body), CryptomusScheme.SchemeName, keys);

    private static VerificationResult Verify(byte[] body, string scheme, params string[] keys) =>
        VerifierHarness.Create(Scheme(scheme), VerifierHarness.Secrets(keys)).Verify(VerifierHarness.Request(body, new Dictionary<string, string>()));

    /// <summary>A body signed by hand the documented way, over the given PHP rendering (without sign).</summary>
    private static string Signed(string rendering, string body, string key) =>
#pragma warning disable CA5351 // Cryptomus signs with MD5
        body.TrimEnd()[..^1] + ",\"sign\":\"" + Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(rendering)) + key))) + "\"}";
#pragma warning restore CA5351

    [Theory]
    [MemberData(nameof(VectorsPerScheme))]
    public void Verify_PhpVector_AsExpectedWithIdentity(string scheme, string name)
    {
        var vector = Vectors[name];

        var result = Verify(Encoding.UTF8.GetBytes(vector.Body), scheme, vector.Key);

        Assert.Equal(vector.Expect, result.Status.ToString());
        Assert.Equal(vector.Identity is null ? null : IdentityText.Join(vector.Identity), result.Identity);
        if (vector.Refused is not null)
        {
            Assert.StartsWith(vector.Refused, result.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(SignableNames))]
    public void TryRender_PhpVector_SameBytesAsPhp(string name)
    {
        var vector = Vectors[name];
        using var document = JsonDocument.Parse(vector.Body);
        var rendering = new ContentBuilder(256);
        try
        {
            var problem = CryptomusScheme.TryRender(document.RootElement, escapeUnicode: vector.Flags == "default", ref rendering);

            Assert.Null(problem);
            Assert.Equal(Encoding.UTF8.GetString(Convert.FromBase64String(vector.RenderingUtf8Base64)), Encoding.UTF8.GetString(rendering.Written));
        }
        finally
        {
            rendering.Dispose();
        }
    }

    [Theory]
    [MemberData(nameof(TamperedPerScheme))]
    public void Verify_TamperedBody_InvalidSignature(string scheme, string name)
    {
        var vector = Tampered[name];

        var result = Verify(Encoding.UTF8.GetBytes(vector.Body), scheme, vector.Key);

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_SameWebhookInOtherEscapesAndSpacing_VerifiedAsTheSameEvent()
    {
        // PHP decodes both alike, so they sign the same and are one event.
        var vector = Vectors["slashes escaped as PHP writes them"];
        var respelled = vector.Body.Replace("\\/", "/", StringComparison.Ordinal).Replace(",", " ,\n ", StringComparison.Ordinal).Replace("u-1", "u\\u002d1", StringComparison.Ordinal);

        var original = Verify(vector.Body, vector.Key);
        var copy = Verify(respelled, vector.Key);

        Assert.NotEqual(vector.Body, respelled);
        Assert.Equal((VerificationStatus.Verified, "u-1:paid"), (original.Status, original.Identity));
        Assert.Equal((VerificationStatus.Verified, "u-1:paid"), (copy.Status, copy.Identity));
    }

    [Fact]
    public void Verify_SecondOfTwoKeys_Verified()
    {
        var result = Verify(Documented.Body, "old-payment-key", Documented.Key);

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_OtherKeyOnly_InvalidSignature()
    {
        var result = Verify(Documented.Body, "old-payment-key");

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_NoSign_InvalidSignature()
    {
        var result = Verify("""{"uuid":"u","status":"paid"}""", Documented.Key);

        Assert.Equal((VerificationStatus.InvalidSignature, "missing sign field"), (result.Status, result.Reason));
    }

    [Theory]
    [InlineData("\"zz\"")]
    [InlineData("\"abcd\"")]
    [InlineData("12")]
    public void Verify_SignNotAnMd5_MalformedOrMissing(string sign)
    {
        var result = Verify($$"""{"uuid":"u","status":"paid","sign":{{sign}}}""", Documented.Key);

        Assert.NotEqual(VerificationStatus.Verified, result.Status);
        Assert.False(result.IsVerified);
    }

    [Fact]
    public void Verify_UppercaseSign_Verified()
    {
        var body = Documented.Body.Replace(Documented.Sign, Documented.Sign.ToUpperInvariant(), StringComparison.Ordinal);

        var result = Verify(body, Documented.Key);

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_DuplicateKey_Malformed()
    {
        var body = Signed("""{"uuid":"u","status":"paid"}""", """{"uuid":"u","status":"fail","status":"paid"}""", "k");

        var result = Verify(body, "k");

        Assert.Equal((VerificationStatus.Malformed, "body holds a duplicate key"), (result.Status, result.Reason));
    }

    [Fact]
    public void Verify_LoneSurrogateEscape_Malformed()
    {
        var body = Signed("""{"uuid":"u","status":"paid"}""", """{"uuid":"u","status":"paid","x":"\ud800"}""", "k");

        var result = Verify(body, "k");

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Verify_InvalidUtf8_Malformed()
    {
        byte[] body = [.. "{\"uuid\":\"u\",\"status\":\"a"u8, 0xC3, 0x28, .. "\",\"sign\":\"00000000000000000000000000000000\"}"u8];

        var result = Verify(body, CryptomusScheme.SchemeName, "k");

        Assert.Equal((VerificationStatus.Malformed, "body is not valid UTF-8"), (result.Status, result.Reason));
    }

    [Fact]
    public void FormatDouble_RandomDoubles_SameAsPhpJsonEncode()
    {
        // PHP itself is the oracle: json_encode of the same doubles (serialize_precision -1 under php -n).
        var random = new Random(20240601);
        var values = new List<double> { 1e15, 1e16, 1e17, 1e-4, 1e-5, 0.1, -2.5e-300, double.Epsilon, double.MaxValue, 123456789.125 };
        Span<byte> bits = stackalloc byte[8];
        while (values.Count < 3000)
        {
            random.NextBytes(bits);
            var value = values.Count % 2 == 0 ? BitConverter.ToDouble(bits) : Math.Round(random.NextDouble() * Math.Pow(10, random.Next(-12, 25)), random.Next(0, 10));
            if (double.IsFinite(value) && value != 0)
            {
                values.Add(value);
            }
        }

        var input = string.Join('\n', values.Select(v => BitConverter.DoubleToInt64Bits(v).ToString(CultureInfo.InvariantCulture)));
        var php = Php.Run(
            "foreach (explode(\"\\n\", stream_get_contents(STDIN)) as $b) { echo json_encode(unpack('e', pack('q', (int) $b))[1]), \"\\n\"; }",
            input).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(php, values.Select(PhpJson.FormatDouble));
    }

    public sealed record CryptomusVector(string Name, string Key, string Flags, string Body, string RenderingUtf8Base64, string Sign, string Expect, string? Refused, string[]? Identity);

    public sealed record ChangedBody(string Name, string Of, string Key, string Body);
}
