using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gateway.Signer.Tests;

/// <summary>The public-key signers against the vectors that Node and jose made (tests/Gateway.Tests/Fixtures/&lt;provider&gt;).</summary>
public class PublicKeySignerTests
{
    private const string Url = "http://127.0.0.1:5000/callbacks/p";

    private static string Fixture(params string[] parts)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Gateway.sln")))
            {
                return Path.Combine([directory.FullName, "tests", "Gateway.Tests", "Fixtures", .. parts]);
            }
        }

        throw new InvalidOperationException("no Gateway.sln above the test binaries");
    }

    private static JsonElement Vector(string provider, string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Fixture(provider, "vectors.json")));
        return document.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name).Clone();
    }

    private static string Header(JsonElement vector, string name) => vector.GetProperty("headers").GetProperty(name).GetString()!;

    [Theory]
    [InlineData("v2 JWS", "fireblocks-test-1")]
    [InlineData("v2 JWS without kid", null)]
    public void Sign_FireblocksJws_SameHeaderAsJose(string name, string? kid)
    {
        var vector = Vector("fireblocks", name);
        string[] args = ["fireblocks", "--private-key", Fixture("fireblocks", "keys", "fireblocks-test-1.key.pem"), "--body-text", vector.GetProperty("body").GetString()!, "--url", Url];

        var request = SignerHarness.Sign(kid is null ? args : [.. args, "--key-id", kid]);

        Assert.Equal(Header(vector, "Fireblocks-Webhook-Signature"), request.Header("Fireblocks-Webhook-Signature"));
    }

    [Fact]
    public void Sign_FireblocksLegacy_SameSignatureAsNode()
    {
        var vector = Vector("fireblocks", "legacy v1");

        var request = SignerHarness.Sign(
            "fireblocks", "--legacy", "--private-key", Fixture("fireblocks", "keys", "fireblocks-test-1.key.pem"),
            "--body-text", vector.GetProperty("body").GetString()!, "--url", Url);

        Assert.Equal(Header(vector, "Fireblocks-Signature"), request.Header("Fireblocks-Signature"));
    }

    [Fact]
    public void Sign_Circle_VerifiesWithThePinnedPublicKey()
    {
        // ECDSA signatures are randomised, so the signature is checked rather than compared.
        using var document = JsonDocument.Parse(File.ReadAllBytes(Fixture("circle", "vectors.json")));
        var (keyId, publicKey) = document.RootElement.GetProperty("publicKeys").EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)).First();
        const string body = """{"notificationId":"n1","notificationType":"webhooks.test"}""";

        var request = SignerHarness.Sign(
            "circle", "--private-key", Fixture("circle", "keys", "circle-test-1.key.pem"), "--key-id", keyId, "--body-text", body, "--url", Url);

        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKey), out _);
        var signature = Convert.FromBase64String(request.Header("X-Circle-Signature"));
        Assert.True(ecdsa.VerifyData(Encoding.UTF8.GetBytes(body), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.Equal(keyId, request.Header("X-Circle-Key-Id"));
    }

    [Fact]
    public void Sign_BinancePay_SameSignatureAsNode()
    {
        var vector = Vector("binancepay", "current certificate");

        var request = SignerHarness.Sign(
            "binancepay", "--private-key", Fixture("binancepay", "keys", "binancepay-test-1.key.pem"),
            "--key-id", Header(vector, "BinancePay-Certificate-SN"), "--nonce", Header(vector, "BinancePay-Nonce"),
            "--timestamp", (long.Parse(Header(vector, "BinancePay-Timestamp"), CultureInfo.InvariantCulture) / 1000).ToString(CultureInfo.InvariantCulture),
            "--body-text", vector.GetProperty("body").GetString()!, "--url", Url);

        Assert.Equal(Header(vector, "BinancePay-Timestamp"), request.Header("BinancePay-Timestamp"));
        Assert.Equal(Header(vector, "BinancePay-Signature"), request.Header("BinancePay-Signature"));
    }

    [Fact]
    public void Sign_PayPal_SameSignatureAsNode()
    {
        var vector = Vector("paypal", "current certificate");
        var time = DateTimeOffset.Parse(Header(vector, "PAYPAL-TRANSMISSION-TIME"), CultureInfo.InvariantCulture);
        using var document = JsonDocument.Parse(File.ReadAllBytes(Fixture("paypal", "vectors.json")));

        var request = SignerHarness.Sign(
            "paypal", "--private-key", Fixture("paypal", "keys", "paypal-test-1.key.pem"),
            "--webhook-id", document.RootElement.GetProperty("webhookId").GetString()!, "--id", Header(vector, "PAYPAL-TRANSMISSION-ID"),
            "--timestamp", time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            "--body-text", vector.GetProperty("body").GetString()!, "--url", Url);

        Assert.Equal(Header(vector, "PAYPAL-TRANSMISSION-TIME"), request.Header("PAYPAL-TRANSMISSION-TIME"));
        Assert.Equal(Header(vector, "PAYPAL-TRANSMISSION-SIG"), request.Header("PAYPAL-TRANSMISSION-SIG"));
    }

    [Theory]
    [InlineData("fireblocks signs with a private key: give --private-key FILE (PEM), not --secret.", "fireblocks", "--secret", "s")]
    [InlineData("fireblocks signs with a private key: give --private-key FILE (PEM), not --secret.", "fireblocks")]
    [InlineData("--legacy applies only to fireblocks, not to circle", "circle", "--legacy")]
    [InlineData("--private-key applies only to fireblocks, circle, binancepay, paypal", "github", "--private-key", "k.pem")]
    public void Parse_PrivateKeyArgumentsWrong_UsageExceptionSaysWhy(string expected, string scheme, params string[] options)
    {
        string[] args = [scheme, "--body-text", "{}", "--url", Url, .. options];

        var error = Assert.Throws<UsageException>(() => ArgumentParser.Parse(args));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("circle needs --key-id", "circle", "circle", "circle-test-1.key.pem")]
    [InlineData("fireblocks: --private-key", "fireblocks", "circle", "circle-test-1.key.pem")]
    [InlineData("binancepay needs --key-id", "binancepay", "binancepay", "binancepay-test-1.key.pem")]
    [InlineData("paypal needs --webhook-id", "paypal", "paypal", "paypal-test-1.key.pem")]
    public void Sign_KeyInputsWrong_UsageExceptionSaysWhy(string expected, string scheme, string provider, string key)
    {
        var error = Assert.Throws<UsageException>(() => SignerHarness.Sign(scheme, "--private-key", Fixture(provider, "keys", key), "--body-text", "{}", "--url", Url));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
