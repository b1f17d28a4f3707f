using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

public class SpellSchemeTests
{
    internal const string Secret = "spell-callback-secret";
    private const string Header = "SPELL-Callback-Signature";

    // Vectors computed by Node itself (Fixtures/spell/make-vectors.js): JSON.parse, Object.keys().sort(),
    // String()/JSON.stringify, node:crypto HMAC-SHA256.
    private static readonly Dictionary<string, SpellVector> Vectors = LoadVectors<SpellVector>("vectors", v => v.Name);

    // Groups of bodies that Node found to sign the same string (re-partitions of one S), with the expected outcome of each.
    private static readonly Dictionary<string, SpellRepartition> Repartitions = LoadVectors<SpellRepartition>("repartitions", r => r.Name);

    // Bodies that are not valid UTF-8, signed by Node as it reads them (each invalid sequence as U+FFFD).
    private static readonly Dictionary<string, SpellBytesVector> InvalidUtf8Vectors = LoadVectors<SpellBytesVector>("invalidUtf8", v => v.Name);

    public static TheoryData<string> VectorNames => new(Vectors.Keys);

    public static TheoryData<string> InvalidUtf8VectorNames => new(InvalidUtf8Vectors.Keys);

    public static TheoryData<string, int> RepartitionedBodies
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var group in Repartitions.Values)
            {
                for (var i = 0; i < group.Bodies.Length; i++)
                {
                    data.Add(group.Name, i);
                }
            }

            return data;
        }
    }

    public static TheoryData<string> RepartitionNames => new(Repartitions.Keys);

    internal static ISignatureVerifier Verifier(bool? strict = null, params string[] secrets)
    {
        var settings = (secrets.Length == 0 ? [Secret] : secrets).Select((s, i) => (i, s)).ToDictionary(p => $"Secrets:{p.i}", p => (string?)p.s);
        if (strict is not null)
        {
            settings["Strict"] = strict.Value ? "true" : "false";
        }

        return VerifierHarness.Create(new SpellScheme(), settings);
    }

    internal static Dictionary<string, string> Headers(string signature) => new() { [Header] = signature };

    internal static string Sign(string signedString, string secret = Secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signedString)));

    private static (string? Problem, byte[] Signed) BuildSignedString(byte[] body, bool strict)
    {
        var content = new ContentBuilder(256);
        try
        {
            var problem = SpellScheme.TryBuildSignedString(body, strict, ref content, out _);
            return (problem, content.Written.ToArray());
        }
        finally
        {
            content.Dispose();
        }
    }

    private static (VerificationStatus Hex, VerificationStatus Base64) VerifyHexAndBase64StrictOff(byte[] body, string secret, string hex, string base64)
    {
        var verifier = Verifier(strict: false, secret);
        return (verifier.Verify(VerifierHarness.Request(body, Headers(hex))).Status, verifier.Verify(VerifierHarness.Request(body, Headers(base64))).Status);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void TryBuildSignedString_NodeVector_SameBytesAsNode(string name)
    {
        var vector = Vectors[name];
        var expected = Convert.FromBase64String(vector.CanonicalUtf8Base64);

        var (problem, actual) = BuildSignedString(Encoding.UTF8.GetBytes(vector.Body), strict: false);

        Assert.Null(problem);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(InvalidUtf8VectorNames))]
    public void TryBuildSignedString_NodeInvalidUtf8VectorStrictOff_SameBytesAsNode(string name)
    {
        // Node reads the body with JSON.parse(buffer.toString('utf8')): each invalid sequence becomes U+FFFD.
        var vector = InvalidUtf8Vectors[name];
        var expected = Convert.FromBase64String(vector.CanonicalUtf8Base64);

        var (problem, actual) = BuildSignedString(Convert.FromBase64String(vector.BodyBase64), strict: false);

        Assert.Null(problem);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(InvalidUtf8VectorNames))]
    public void Verify_NodeInvalidUtf8VectorStrictOff_Verified(string name)
    {
        var vector = InvalidUtf8Vectors[name];

        var statuses = VerifyHexAndBase64StrictOff(Convert.FromBase64String(vector.BodyBase64), vector.Secret, vector.Hex, vector.Base64);

        Assert.Equal((VerificationStatus.Verified, VerificationStatus.Verified), statuses);
    }

    [Theory]
    [MemberData(nameof(InvalidUtf8VectorNames))]
    public void Verify_NodeInvalidUtf8VectorStrict_Malformed(string name)
    {
        // Signed by Node, but as the body with U+FFFD written out would be: no JavaScript sender's Buffer holds these bytes.
        var vector = InvalidUtf8Vectors[name];

        var result = Verifier(strict: null, vector.Secret).Verify(VerifierHarness.Request(Convert.FromBase64String(vector.BodyBase64), Headers(vector.Hex)));

        Assert.Equal((VerificationStatus.Malformed, "body is not valid UTF-8"), (result.Status, result.Reason));
    }

    [Fact]
    public void Verify_ReplacementCharacterWrittenOut_VerifiedInStrictMode()
    {
        // The valid spelling of what an invalid byte reads as still verifies: only the invalid bytes are refused.
        var body = Encoding.UTF8.GetBytes("""{"callback":"cb_1","note":"a\uFFFDb"}""");
        var vector = InvalidUtf8Vectors["byte never used (FF) in a top-level value"];

        var result = Verifier(strict: true, vector.Secret).Verify(VerifierHarness.Request(body, Headers(vector.Hex)));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_NodeVectorHexAndBase64_Verified(string name)
    {
        var vector = Vectors[name];

        var statuses = VerifyHexAndBase64StrictOff(Encoding.UTF8.GetBytes(vector.Body), vector.Secret, vector.Hex, vector.Base64);

        Assert.Equal((VerificationStatus.Verified, VerificationStatus.Verified), statuses);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_NodeVectorStrictByDefault_OnlyWhatJavaScriptWrites(string name)
    {
        var vector = Vectors[name];

        var result = Verifier(strict: null, vector.Secret).Verify(VerifierHarness.Request(vector.Body, Headers(vector.Hex)));

        Assert.Equal(Enum.Parse<VerificationStatus>(vector.Strict), result.Status);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_NodeVectorSignatureByteFlipped_Invalid(string name)
    {
        var vector = Vectors[name];
        var digest = Convert.FromHexString(vector.Hex);
        digest[^1] ^= 0x01;

        var result = Verifier(strict: false, vector.Secret).Verify(VerifierHarness.Request(vector.Body, Headers(Convert.ToHexStringLower(digest))));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_NodeVectorBodyGainsAField_Invalid(string name)
    {
        var vector = Vectors[name];
        var body = vector.Body.Insert(vector.Body.IndexOf('{', StringComparison.Ordinal) + 1, "\"~\":0" + (vector.Body.Trim() == "{}" ? string.Empty : ","));

        var result = Verifier(strict: false, vector.Secret).Verify(VerifierHarness.Request(body, Headers(vector.Hex)));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_OneValueChanged_Invalid()
    {
        var vector = Vectors["documented fields"];

        var result = Verifier().Verify(VerifierHarness.Request(vector.Body.Replace("ord_42", "ord_43", StringComparison.Ordinal), Headers(vector.Hex)));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_DocumentedFields_IdentityIsCallback()
    {
        var vector = Vectors["documented fields"];

        var result = Verifier().Verify(VerifierHarness.Request(vector.Body, Headers(vector.Hex)));

        Assert.Equal(VerificationStatus.Verified, result.Status);
        Assert.Equal("cb_01HZX", result.Identity);
    }

    [Fact]
    public void Verify_CallbackIsNumber_IdentityIsItsText()
    {
        var vector = Vectors["callback id as number"];

        var result = Verifier().Verify(VerifierHarness.Request(vector.Body, Headers(vector.Hex)));

        Assert.Equal("123456789012", result.Identity);
    }

    [Fact]
    public void Verify_NoCallback_IdentityIsEventAndOrder()
    {
        var vector = Vectors["fallback identity fields"];

        var result = Verifier().Verify(VerifierHarness.Request(vector.Body, Headers(vector.Hex)));

        Assert.Equal(VerificationStatus.Verified, result.Status);
        Assert.Equal("order.expired:ord_7", result.Identity);
    }

    [Theory]
    [InlineData("""{"amount":"10","status":"paid"}""")]
    [InlineData("""{ "status" : "paid", "amount" : 10 }""")]
    [InlineData("""{"amount":"10&status=paid"}""")]
    public void Verify_NoIdentityFields_IdentityIsHashOfSignedString(string body)
    {
        // Not the body's hash: every spacing or re-partition of one signed string would be a new event.
        const string Signed = "amount=10&status=paid";
        var expected = "spell:s256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Signed)));

        var result = Verifier().Verify(VerifierHarness.Request(body, Headers(Sign(Signed))));

        Assert.Equal(VerificationStatus.Verified, result.Status);
        Assert.Equal(expected, result.Identity);
    }

    [Theory]
    [MemberData(nameof(RepartitionedBodies))]
    public void Verify_NodeRepartitionedBody_IdentityOfSignedStringOrMalformed(string group, int index)
    {
        var repartition = Repartitions[group];
        var body = repartition.Bodies[index];
        var expected = body.Expect == nameof(VerificationStatus.Malformed)
            ? (VerificationStatus.Malformed, null)
            : (VerificationStatus.Verified, body.Expect);

        var result = Verifier().Verify(VerifierHarness.Request(body.Body, Headers(repartition.Hex)));

        Assert.Equal(expected, (result.Status, result.Identity));
    }

    [Theory]
    [MemberData(nameof(RepartitionNames))]
    public void Verify_NodeRepartitionsStrictOff_AtMostOneIdentity(string group)
    {
        var repartition = Repartitions[group];
        var verifier = Verifier(strict: false);

        var results = repartition.Bodies.Select(b => verifier.Verify(VerifierHarness.Request(b.Body, Headers(repartition.Base64)))).ToList();

        Assert.All(results, r => Assert.NotEqual(VerificationStatus.InvalidSignature, r.Status));
        Assert.True(results.Where(r => r.IsVerified).Select(r => r.Identity).Distinct().Count() <= 1, string.Join(", ", results));
    }

    [Theory]
    [InlineData("""{"a=1&callback":"cb_1"}""", "a=1&callback=cb_1")]
    [InlineData("""{"a&b":"1"}""", "a&b=1")]
    [InlineData("""{"a=b":"1","c":"2"}""", "a=b=1&c=2")]
    public void Verify_TopLevelKeyHoldsAmpersandOrEquals_Malformed(string body, string signedString)
    {
        var result = Verifier().Verify(VerifierHarness.Request(body, Headers(Sign(signedString))));

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Verify_UrlWithQueryInUnrelatedField_VerifiedAsCallback()
    {
        // Legitimate senders put URLs in bodies: a value holding '&' elsewhere does not make the identity ambiguous.
        const string Body = """{"callback":"cb_5","meta":{"url":"https://x.example/?a=1&b=2"},"return_url":"https://x.example/?c=3&d=4"}""";
        const string Signed = """callback=cb_5&meta={"url":"https://x.example/?a=1&b=2"}&return_url=https://x.example/?c=3&d=4""";

        var result = Verifier().Verify(VerifierHarness.Request(Body, Headers(Sign(Signed))));

        Assert.Equal(VerificationStatus.Verified, result.Status);
        Assert.Equal("cb_5", result.Identity);
    }

    [Theory]
    [InlineData("/callback")]
    [InlineData("/event")]
    [InlineData("form:callback")]
    public void Create_DedupIdentitySelectors_ReportsErrorNamingPolicy(string selector)
    {
        var settings = new Dictionary<string, string?> { ["Secrets:0"] = Secret, ["Dedup:Identity:0"] = selector };

        VerifierHarness.TryCreate(new SpellScheme(), settings, out var errors);

        var error = Assert.Single(errors);
        Assert.StartsWith("CallbackPolicies:p: Dedup:Identity", error, StringComparison.Ordinal);
        Assert.Contains("signed string S does not escape", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"a":"1","a":"2"}""", "a=2")]
    [InlineData("""{"a":"1","\u0061":"2"}""", "a=2")]
    [InlineData("""{"o":{"x":1,"x":2}}""", """o={"x":2}""")]
    [InlineData("""{"l":[{"x":1,"y":0,"x":2}]}""", """l=[{"x":2,"y":0}]""")]
    public void Verify_DuplicateKey_Malformed(string body, string signedByJavaScript)
    {
        // The signature is what JSON.parse (last value wins) would give, so only the duplicate check can refuse it.
        var result = Verifier(strict: false).Verify(VerifierHarness.Request(body, Headers(Sign(signedByJavaScript))));

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"a=1\"")]
    [InlineData("1")]
    [InlineData("null")]
    [InlineData("a=1")]
    [InlineData("{\"a\":1")]
    [InlineData("")]
    public void Verify_BodyNotJsonObject_Malformed(string body)
    {
        var result = Verifier().Verify(VerifierHarness.Request(body, Headers(Sign(string.Empty))));

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Theory]
    [InlineData("""{"a":1.10}""")]
    [InlineData("""{"a":{"b":[1e3]}}""")]
    [InlineData("""{"a":-0}""")]
    [InlineData("""{"a":12345678901234567891}""")]
    public void Verify_NumberNotAsJavaScriptWritesIt_MalformedUnlessStrictOff(string body)
    {
        var signed = body switch
        {
            """{"a":1.10}""" => "a=1.1",
            """{"a":{"b":[1e3]}}""" => """a={"b":[1000]}""",
            """{"a":-0}""" => "a=0",
            _ => "a=12345678901234567000",
        };

        var strict = Verifier().Verify(VerifierHarness.Request(body, Headers(Sign(signed))));
        var lenient = Verifier(strict: false).Verify(VerifierHarness.Request(body, Headers(Sign(signed))));

        Assert.Equal(VerificationStatus.Malformed, strict.Status);
        Assert.Equal(VerificationStatus.Verified, lenient.Status);
    }

    [Fact]
    public void Verify_RotatedSecrets_EitherVerifies()
    {
        var vector = Vectors["documented fields"];
        var request = VerifierHarness.Request(vector.Body, Headers(vector.Base64));

        var newFirst = Verifier(null, Secret, "old-secret").Verify(request);
        var oldFirst = Verifier(null, "old-secret", Secret).Verify(request);

        Assert.Equal(VerificationStatus.Verified, newFirst.Status);
        Assert.Equal(VerificationStatus.Verified, oldFirst.Status);
    }

    [Fact]
    public void Verify_OtherSecret_Invalid()
    {
        var vector = Vectors["documented fields"];

        var result = Verifier(null, "another-secret").Verify(VerifierHarness.Request(vector.Body, Headers(vector.Hex)));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_NoSignatureHeader_Invalid()
    {
        var vector = Vectors["documented fields"];

        var result = Verifier().Verify(VerifierHarness.Request(vector.Body, new Dictionary<string, string>()));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [InlineData("not a digest")]
    [InlineData("abcd")]
    [InlineData("sha256=bffff6e96d4b674611fdbdb3f4a537de02ba9a688dfea2358a7ccedc1add25a7")]
    [InlineData("bffff6e96d4b674611fdbdb3f4a537de02ba9a688dfea2358a7ccedc1add25")]
    public void Verify_HeaderNotASha256Digest_Malformed(string signature)
    {
        var vector = Vectors["documented fields"];

        var result = Verifier().Verify(VerifierHarness.Request(vector.Body, Headers(signature)));

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    private static Dictionary<string, T> LoadVectors<T>(string property, Func<T, string> name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "spell", "vectors.json");
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty(property).EnumerateArray()
            .Select(v => v.Deserialize<T>(options)!)
            .ToDictionary(name);
    }

    public sealed record SpellVector(string Name, string Secret, string Body, string Strict, string CanonicalUtf8Base64, string Hex, string Base64);

    /// <summary>A vector whose body is given as bytes (base64), because it is not valid UTF-8.</summary>
    public sealed record SpellBytesVector(string Name, string Secret, string BodyBase64, string Strict, string CanonicalUtf8Base64, string Hex, string Base64);

    /// <summary>Bodies that Node found to sign the same string, and what the gateway must make of each.</summary>
    public sealed record SpellRepartition(string Name, string Secret, string CanonicalUtf8Base64, string Hex, string Base64, RepartitionedBody[] Bodies);

    /// <param name="Body">The JSON body.</param>
    /// <param name="Expect">The identity the gateway reports for it, or <c>Malformed</c>.</param>
    public sealed record RepartitionedBody(string Body, string Expect);
}
