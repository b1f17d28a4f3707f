using System.Text.Json;

namespace Gateway.Signer.Tests;

/// <summary>
/// The provider signers against the vectors their SDKs judged (tests/Gateway.Tests/Fixtures/&lt;provider&gt;/vectors.json): signing
/// a vector's body with its secret, at its time and URL, gives exactly the header the vector carries.
/// </summary>
public class ProviderVectorTests
{
    [Theory]
    [InlineData("razorpay", "razorpay", "X-Razorpay-Signature", "valid: payment event 1")]
    [InlineData("razorpay", "razorpay", "X-Razorpay-Signature", "valid: payment event 2")]
    [InlineData("paystack", "paystack", "x-paystack-signature", "valid: event 1")]
    [InlineData("shopify", "shopify", "X-Shopify-Hmac-Sha256", "valid: order 2")]
    [InlineData("checkoutcom", "checkout-com", "Cko-Signature", "valid: event 1")]
    [InlineData("coinbasecommerce", "coinbase-commerce", "X-CC-Webhook-Signature", "valid: charge confirmed, attempt 1")]
    [InlineData("btcpayserver", "btcpay-server", "BTCPay-Sig", "valid: delivery (first, then a redelivery of it) 1")]
    [InlineData("alchemy", "alchemy", "X-Alchemy-Signature", "valid: event 1")]
    [InlineData("worldline", "worldline", "X-GCS-Signature", "valid: event 2")]
    [InlineData("mollie", "mollie", "X-Mollie-Signature", "valid: event 1")]
    [InlineData("slack", "slack", "X-Slack-Signature", "valid: Events API callback")]
    [InlineData("slack", "slack", "X-Slack-Signature", "valid: slash command (form)")]
    [InlineData("paddle", "paddle", "Paddle-Signature", "valid: subscription created")]
    [InlineData("square", "square", "x-square-hmacsha256-signature", "valid: payment updated")]
    [InlineData("square", "square", "x-square-hmacsha256-signature", "valid: the query signed as received")]
    [InlineData("twilio", "twilio", "X-Twilio-Signature", "valid: message status callback")]
    [InlineData("twilio", "twilio", "X-Twilio-Signature", "valid: inbound message, escapes and UTF-8")]
    [InlineData("twilio", "twilio", "X-Twilio-Signature", "valid: the query signed as received")]
    public void Sign_SdkVector_SameHeaderAsVector(string scheme, string fixture, string header, string name)
    {
        var vector = Vector(fixture, name);
        var url = vector.TryGetProperty("settings", out var settings) && settings.TryGetProperty("NotificationUrl", out var configured)
            ? configured.GetString() + Query(vector.GetProperty("uri").GetString()!)
            : "http://127.0.0.1:5000" + vector.GetProperty("uri").GetString();
        var headers = vector.GetProperty("headers");
        var timestamp = SignedAt(headers.GetProperty(header).GetString()!, headers);

        var request = SignerHarness.Sign(
            scheme, "--secret", vector.GetProperty("secrets")[0].GetString()!, "--body-text", vector.GetProperty("body").GetString()!,
            "--url", url, "--timestamp", timestamp);

        Assert.Equal(headers.GetProperty(header).GetString(), request.Header(header));
    }

    [Fact]
    public void Sign_PaddleTwoSecrets_OneH1Each()
    {
        var request = SignerHarness.Sign("paddle", "--secret", "old", "--secret", "new", "--timestamp", "1700000000", "--body-text", "{}", "--url", "http://h/p");

        var items = request.Header("Paddle-Signature").Split(';');
        Assert.Equal("ts=1700000000", items[0]);
        Assert.Equal(2, items.Count(i => i.StartsWith("h1=", StringComparison.Ordinal)));
    }

    [Fact]
    public void Sign_TwilioRepeatedParameter_Refused()
    {
        var error = Assert.Throws<UsageException>(() => SignerHarness.Sign("twilio", "--secret", "t", "--body-text", "To=1&To=2", "--url", "http://h/t"));

        Assert.Contains("repeated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_Twilio_SendsForm()
    {
        var request = SignerHarness.Sign("twilio", "--secret", "t", "--body-text", "A=1", "--url", "http://h/t");

        Assert.Equal("application/x-www-form-urlencoded", request.Header("Content-Type"));
    }

    /// <summary>The Unix time the vector was signed at: Slack's timestamp header, Paddle's <c>ts=</c>, else the vectors' common time.</summary>
    private static string SignedAt(string signature, JsonElement headers)
    {
        if (headers.TryGetProperty("X-Slack-Request-Timestamp", out var slack))
        {
            return slack.GetString()!;
        }

        return signature.StartsWith("ts=", StringComparison.Ordinal) ? signature[3..signature.IndexOf(';', StringComparison.Ordinal)] : "1700000000";
    }

    private static string Query(string uri) => uri.Contains('?', StringComparison.Ordinal) ? uri[uri.IndexOf('?', StringComparison.Ordinal)..] : string.Empty;

    private static JsonElement Vector(string fixture, string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "Gateway.sln")))
        {
            directory = directory.Parent;
        }

        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory.FullName, "tests", "Gateway.Tests", "Fixtures", fixture, "vectors.json")));
        return document.RootElement.GetProperty("vectors").EnumerateArray().Single(v => v.GetProperty("name").GetString() == name).Clone();
    }
}
