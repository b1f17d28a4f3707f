using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Signer.Tests;

/// <summary>
/// The signers of body-signed schemes (NOWPayments, Adyen, Cryptomus/Heleket, CoinPayments, Plisio) against the vectors their providers' own code
/// produced (Node with NOWPayments' documented code, Adyen's Node library, php-cli), as committed for the gateway's tests.
/// </summary>
public class BodySignedVectorTests
{
    // The signer reads strings as .NET strings, which cannot hold the lone surrogates of two vectors: it refuses those bodies.
    public static TheoryData<string> NowPaymentsVectors =>
        Names("nowpayments", "vectors", v => v.GetProperty("refused").ValueKind == JsonValueKind.Null && !HoldsLoneSurrogate(v));

    public static TheoryData<string> NowPaymentsTampered => Names("nowpayments", "tampered", v => !HoldsLoneSurrogate(v));

    [Theory]
    [MemberData(nameof(NowPaymentsVectors))]
    public void Sign_NowPaymentsNodeVector_SameSignatureAsNode(string name)
    {
        var vector = Vector("nowpayments", "vectors", name);

        var request = SignerHarness.Sign("nowpayments", "--secret", vector.GetProperty("secret").GetString()!, "--body-text", vector.GetProperty("body").GetString()!, "--url", "http://h/np");

        Assert.Equal(vector.GetProperty("hex").GetString(), request.Header("x-nowpayments-sig"));
        Assert.False(request.BodyChanged);
    }

    [Theory]
    [MemberData(nameof(NowPaymentsTampered))]
    public void Sign_NowPaymentsTamperedBody_OtherSignature(string name)
    {
        var vector = Vector("nowpayments", "tampered", name);

        var request = SignerHarness.Sign("nowpayments", "--secret", vector.GetProperty("secret").GetString()!, "--body-text", vector.GetProperty("body").GetString()!, "--url", "http://h/np");

        Assert.NotEqual(vector.GetProperty("hex").GetString(), request.Header("x-nowpayments-sig"));
    }

    [Fact]
    public void Sign_NowPaymentsProtoKey_LeftOutAndNoted()
    {
        var request = SignerHarness.Sign("nowpayments", "--secret", "s", "--body-text", """{"b":1,"__proto__":{"x":1}}""", "--url", "http://h/np");
        var without = SignerHarness.Sign("nowpayments", "--secret", "s", "--body-text", """{"b":1}""", "--url", "http://h/np");

        Assert.Equal(without.Header("x-nowpayments-sig"), request.Header("x-nowpayments-sig"));
        Assert.Contains(request.Notes, n => n.Contains("__proto__", StringComparison.Ordinal));
    }

    [Fact]
    public void Sign_NowPaymentsLoneSurrogate_Refused()
    {
        var vector = Vector("nowpayments", "vectors", "strings: lone surrogates are escaped, not replaced");

        Assert.Throws<UsageException>(() => SignerHarness.Sign("nowpayments", "--secret", "s", "--body-text", vector.GetProperty("body").GetString()!, "--url", "http://h/np"));
    }

    public static TheoryData<string> AdyenVectors => Names("adyen", "vectors", v => v.GetProperty("expect").GetString() == "Verified");

    [Theory]
    [MemberData(nameof(AdyenVectors))]
    public void Sign_AdyenLibraryVector_SameSignaturesAsLibrary(string name)
    {
        var vector = Vector("adyen", "vectors", name);
        var unsigned = JsonNode.Parse(vector.GetProperty("body").GetString()!)!;
        var expected = new List<string>();
        foreach (var entry in unsigned["notificationItems"]!.AsArray())
        {
            var additional = entry!["NotificationRequestItem"]!["additionalData"]!.AsObject();
            expected.Add(additional["hmacSignature"]!.GetValue<string>());
            additional.Remove("hmacSignature");
        }

        var request = SignerHarness.Sign("adyen", "--secret", vector.GetProperty("key").GetString()!, "--body-text", unsigned.ToJsonString(), "--url", "http://h/adyen");

        var signed = JsonNode.Parse(request.Body)!["notificationItems"]!.AsArray()
            .Select(e => e!["NotificationRequestItem"]!["additionalData"]!["hmacSignature"]!.GetValue<string>());
        Assert.Equal(expected, signed);
        Assert.True(request.BodyChanged);
    }

    [Fact]
    public void Sign_AdyenKeyNotHex_Refused()
    {
        Assert.Throws<UsageException>(() => SignerHarness.Sign("adyen", "--secret", "not-hex", "--body-text", """{"notificationItems":[]}""", "--url", "http://h/adyen"));
    }

    // Vectors signed with PHP's JSON_UNESCAPED_UNICODE rendering, as the providers document; PHP re-renders what they send.
    public static TheoryData<string> CryptomusVectors =>
        Names("cryptomus", "vectors", v => v.GetProperty("flags").GetString() == "unescaped-unicode" && v.GetProperty("refused").ValueKind == JsonValueKind.Null);

    [Theory]
    [MemberData(nameof(CryptomusVectors))]
    public void Sign_CryptomusPhpVector_SameSignAndPhpRendering(string name)
    {
        var vector = Vector("cryptomus", "vectors", name);
        var rendering = Encoding.UTF8.GetString(Convert.FromBase64String(vector.GetProperty("renderingUtf8Base64").GetString()!));
        var sign = vector.GetProperty("sign").GetString()!;

        foreach (var scheme in new[] { "cryptomus", "heleket" })
        {
            var request = SignerHarness.Sign(scheme, "--secret", vector.GetProperty("key").GetString()!, "--body-text", vector.GetProperty("body").GetString()!, "--url", "http://h/c");

            var expected = rendering == "[]" ? $"{{\"sign\":\"{sign}\"}}" : rendering[..^1] + $",\"sign\":\"{sign}\"}}";
            Assert.Equal(expected, Encoding.UTF8.GetString(request.Body));
        }
    }

    [Theory]
    [InlineData("1.10", "1.1")]
    [InlineData("1e3", "1000")]
    [InlineData("10.0", "10")]
    [InlineData("-0", "0")]
    [InlineData("12345678901234567890", "1.2345678901234567e+19")]
    [InlineData("0.00001", "1.0e-5")]
    [InlineData("1e17", "1.0e+17")]
    [InlineData("1e16", "10000000000000000")]
    public void Sign_CryptomusNumber_WrittenAsPhpWritesIt(string number, string php)
    {
        // Expected values printed by php -n -r 'echo json_encode(json_decode("<number>"));'.
        var request = SignerHarness.Sign("cryptomus", "--secret", "k", "--body-text", $$"""{"n":{{number}}}""", "--url", "http://h/c");

        Assert.StartsWith($$"""{"n":{{php}},"sign":""", Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
    }

    public static TheoryData<string> CoinPaymentsVectors => Names("coinpayments", "vectors", _ => true);

    [Theory]
    [MemberData(nameof(CoinPaymentsVectors))]
    public void Sign_CoinPaymentsPhpVector_SameHmacAsPhp(string name)
    {
        var vector = Vector("coinpayments", "vectors", name);

        var request = SignerHarness.Sign("coinpayments", "--secret", vector.GetProperty("secret").GetString()!, "--body-text", vector.GetProperty("body").GetString()!, "--url", "http://h/cp");

        Assert.Equal(vector.GetProperty("hmac").GetString(), request.Header("HMAC"));
        Assert.Equal("application/x-www-form-urlencoded", request.Header("Content-Type"));
    }

    public static TheoryData<string> PlisioVectors => Names("plisio", "vectors", v => v.GetProperty("refused").ValueKind == JsonValueKind.Null);

    [Theory]
    [MemberData(nameof(PlisioVectors))]
    public void Sign_PlisioSdkVector_SameVerifyHashAsPhp(string name)
    {
        var vector = Vector("plisio", "vectors", name);
        var body = vector.GetProperty("body").GetString()!;
        var unsigned = body[..body.LastIndexOf("&verify_hash=", StringComparison.Ordinal)];

        var request = SignerHarness.Sign("plisio", "--secret", vector.GetProperty("secret").GetString()!, "--body-text", unsigned, "--url", "http://h/p");

        Assert.Equal(body, Encoding.UTF8.GetString(request.Body));
    }

    internal static JsonElement Vector(string provider, string list, string name)
    {
        foreach (var vector in Load(provider).GetProperty(list).EnumerateArray())
        {
            if (vector.GetProperty("name").GetString() == name)
            {
                return vector.Clone();
            }
        }

        throw new InvalidOperationException($"no {provider} vector '{name}'");
    }

    internal static TheoryData<string> Names(string provider, string list, Func<JsonElement, bool> include) =>
        new(Load(provider).GetProperty(list).EnumerateArray().Where(include).Select(v => v.GetProperty("name").GetString()!));

    private static bool HoldsLoneSurrogate(JsonElement vector) => vector.GetProperty("name").GetString()!.Contains("lone surrogate", StringComparison.Ordinal);

    /// <summary>The gateway tests' committed vectors, found from the test binaries upwards (the repository root holds Gateway.sln).</summary>
    private static JsonElement Load(string provider)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
            {
                var path = Path.Combine(directory.FullName, "tests", "Gateway.Tests", "Fixtures", provider, "vectors.json");
                using var document = JsonDocument.Parse(Encoding.UTF8.GetString(File.ReadAllBytes(path)));
                return document.RootElement.Clone();
            }
        }

        throw new InvalidOperationException($"No Gateway.sln above {AppContext.BaseDirectory}.");
    }
}
