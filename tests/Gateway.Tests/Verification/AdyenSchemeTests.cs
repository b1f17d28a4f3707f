using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Tests.Fixtures;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

public class AdyenSchemeTests
{
    private const string Provider = "adyen";

    // Signed and checked by Adyen's own Node library (@adyen/api-library@32.1.0, HmacValidator): Fixtures/adyen/make-vectors.js.
    private static readonly Dictionary<string, AdyenVector> Vectors = VectorFile.Load<AdyenVector>(Provider, "vectors", v => v.Name);

    // Bodies changed after signing, each refused by the library's validateHMAC.
    private static readonly Dictionary<string, ChangedBody> Tampered = VectorFile.Load<ChangedBody>(Provider, "tampered", v => v.Name);

    // Bodies changed only outside the signed fields, which the library still accepts.
    private static readonly Dictionary<string, ChangedBody> Unsigned = VectorFile.Load<ChangedBody>(Provider, "unsigned", v => v.Name);

    public static TheoryData<string> VectorNames => new(Vectors.Keys);

    public static TheoryData<string> TamperedNames => new(Tampered.Keys);

    public static TheoryData<string> UnsignedNames => new(Unsigned.Keys);

    private static AdyenVector Documented => Vectors["Adyen's documented example"];

    private static ISignatureVerifier Verifier(params string[] keys) => VerifierHarness.Create(new AdyenScheme(), VerifierHarness.Secrets(keys));

    private static VerificationResult Verify(string body, params string[] keys) =>
        Verifier(keys).Verify(VerifierHarness.Request(body, new Dictionary<string, string>()));

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void Verify_LibraryVector_AsExpectedWithSignedIdentity(string name)
    {
        var vector = Vectors[name];

        var result = Verify(vector.Body, vector.Key);

        Assert.Equal(vector.Expect, result.Status.ToString());
        Assert.Equal(vector.Identity is null ? null : IdentityText.Join(vector.Identity), result.Identity);
        if (vector.Refused is not null)
        {
            Assert.StartsWith(vector.Refused, result.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(VectorNames))]
    public void TryBuildSignedString_LibraryVector_SameStringAsLibrary(string name)
    {
        var vector = Vectors[name];
        var items = JsonNode.Parse(vector.Body)!["notificationItems"]!.AsArray();
        if (vector.Refused is not null)
        {
            return; // refused bodies have no signed string of the gateway's
        }

        for (var i = 0; i < items.Count; i++)
        {
            using var document = System.Text.Json.JsonDocument.Parse(items[i]!["NotificationRequestItem"]!.ToJsonString());
            var content = new ContentBuilder(256);
            try
            {
                var problem = AdyenScheme.TryBuildSignedString(document.RootElement, ref content, new string?[3]);

                Assert.Null(problem);
                Assert.Equal(vector.DataToSign[i], Encoding.UTF8.GetString(content.Written));
            }
            finally
            {
                content.Dispose();
            }
        }
    }

    [Theory]
    [MemberData(nameof(TamperedNames))]
    public void Verify_TamperedBody_InvalidSignature(string name)
    {
        var vector = Tampered[name];

        var result = Verify(vector.Body, vector.Key);

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [MemberData(nameof(UnsignedNames))]
    public void Verify_UnsignedFieldChanged_VerifiedWithTheOriginalsIdentity(string name)
    {
        // Outside the signed string, so a replay with such a change is the same event: deduplicated, never forwarded twice.
        var vector = Unsigned[name];

        var result = Verify(vector.Body, vector.Key);

        Assert.Equal((VerificationStatus.Verified, Verify(Documented.Body, Documented.Key).Identity), (result.Status, result.Identity));
    }

    [Fact]
    public void Verify_DocumentedExample_SignatureFromAdyensDocs()
    {
        // Adyen's HMAC docs: this key and notification give coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0=.
        var signature = JsonNode.Parse(Documented.Body)!["notificationItems"]![0]!["NotificationRequestItem"]!["additionalData"]!["hmacSignature"]!.GetValue<string>();

        Assert.Equal("coqCmt/IZ4E3CzPvMY8zTjQVL5hYJUiBRg8UU+iCWo0=", signature);
        Assert.Equal(VerificationStatus.Verified, Verify(Documented.Body, Documented.Key).Status);
    }

    [Fact]
    public void Verify_ItemsInOtherOrder_SameIdentity()
    {
        var vector = Vectors["two items, both signed"];
        var body = JsonNode.Parse(vector.Body)!;
        var items = body["notificationItems"]!.AsArray();
        var first = items[0]!.DeepClone();
        items.RemoveAt(0);
        items.Add(first);

        var original = Verify(vector.Body, vector.Key);
        var reordered = Verify(body.ToJsonString(), vector.Key);

        Assert.Equal((VerificationStatus.Verified, original.Identity), (reordered.Status, reordered.Identity));
    }

    [Fact]
    public void Verify_SecondOfTwoKeys_Verified()
    {
        var result = Verify(Documented.Body, Vectors["another HMAC key"].Key, Documented.Key);

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_OtherKeyOnly_InvalidSignature()
    {
        var result = Verify(Documented.Body, Vectors["another HMAC key"].Key);

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_NoHmacSignature_InvalidSignature()
    {
        var body = JsonNode.Parse(Documented.Body)!;
        body["notificationItems"]![0]!["NotificationRequestItem"]!["additionalData"]!.AsObject().Remove("hmacSignature");

        var result = Verify(body.ToJsonString(), Documented.Key);

        Assert.Equal((VerificationStatus.InvalidSignature, "an item has no additionalData.hmacSignature"), (result.Status, result.Reason));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void Verify_HmacSignatureNotADigest_Malformed(string signature)
    {
        var body = JsonNode.Parse(Documented.Body)!;
        body["notificationItems"]![0]!["NotificationRequestItem"]!["additionalData"]!["hmacSignature"] = signature;

        var result = Verify(body.ToJsonString(), Documented.Key);

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Theory]
    [InlineData("""{"live":"false"}""")]
    [InlineData("""{"live":"false","notificationItems":[]}""")]
    [InlineData("""{"live":"false","notificationItems":[{"Other":{}}]}""")]
    [InlineData("""[1]""")]
    public void Verify_NotANotification_Malformed(string body)
    {
        var result = Verify(body, Documented.Key);

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Verify_DuplicateKey_Malformed()
    {
        var body = Documented.Body.Replace("\"eventCode\":\"AUTHORISATION\"", "\"eventCode\":\"CANCELLATION\",\"eventCode\":\"AUTHORISATION\"", StringComparison.Ordinal);

        var result = Verify(body, Documented.Key);

        Assert.NotEqual(Documented.Body, body);
        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Verify_LoneSurrogateSignedAsReplacementCharacter_Malformed()
    {
        // Node encodes a lone surrogate as U+FFFD, so "\ud800" and "\udc00" would sign the same.
        var signed = "7914073381342284::TestMerchant:a\uFFFD:1130:EUR:AUTHORISATION:true";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromHexString(Documented.Key), Encoding.UTF8.GetBytes(signed)));
        var body = $$$"""{"notificationItems":[{"NotificationRequestItem":{"additionalData":{"hmacSignature":"{{{signature}}}"},"amount":{"currency":"EUR","value":1130},"eventCode":"AUTHORISATION","merchantAccountCode":"TestMerchant","merchantReference":"a\ud800","pspReference":"7914073381342284","success":"true"}}]}""";

        var result = Verify(body, Documented.Key);

        Assert.Equal((VerificationStatus.Malformed, "a signed field holds a lone surrogate"), (result.Status, result.Reason));
    }

    [Theory]
    [InlineData("not-hex")]
    [InlineData("abc")]
    [InlineData("")]
    public void Create_KeyNotHex_ConfigurationError(string key)
    {
        VerifierHarness.TryCreate(new AdyenScheme(), VerifierHarness.Secrets(key), out var errors);

        Assert.Contains(errors, e => e.Contains("Secrets:0 is not an Adyen HMAC key", StringComparison.Ordinal));
    }

    [Fact]
    public void DefaultDuplicateResponse_Accepted()
    {
        var answer = Verifier(Documented.Key).DefaultDuplicateResponse!;

        Assert.Equal((200, "[accepted]"), (answer.StatusCode, answer.Body));
        Assert.False(Verifier(Documented.Key).SignsBody);
    }

    public sealed record AdyenVector(string Name, string Key, string Body, string[] DataToSign, string Expect, string? Refused, string[]? Identity);

    public sealed record ChangedBody(string Name, string Of, string Key, string Body);
}
