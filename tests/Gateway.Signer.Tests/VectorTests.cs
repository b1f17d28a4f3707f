using System.Text;

namespace Gateway.Signer.Tests;

/// <summary>The signer against the independent vectors in PROVIDERS.md and against digests computed outside .NET (Python, Node).</summary>
public class VectorTests
{
    private const string IxopayBody = """{"result":"OK","uuid":"abc123","merchantTransactionId":"tx-1","transactionType":"DEBIT"}""";
    private const string IxopayDate = "Tue, 21 Jul 2020 13:15:03 UTC";
    private const string IxopayUrl = "http://127.0.0.1:5000/callback?someId=0815";

    // base64url HMAC-SHA256("k", header.claims) for claims {"id":"A","exp":1700000300}, computed with Python.
    private const string CryptoCloudSignatureOfA = "fz0pm1tSwgcL3c9bRyb9HeSkwCpmKxCNd6Ekbm5wWw0";

    [Fact]
    public void Sign_GitHubVector_MatchesPublishedSignature()
    {
        var request = SignerHarness.Sign("github", "--secret", "It's a Secret to Everybody", "--body-text", "Hello, World!", "--url", "http://h/gh");

        Assert.Equal("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", request.Header("X-Hub-Signature-256"));
    }

    [Fact]
    public void Sign_StandardWebhooksVector_MatchesSpecSignature()
    {
        var request = SignerHarness.Sign(
            "standardwebhooks", "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "--id", "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "--timestamp", "1614265330", "--body-text", """{"test": 2432232314}""", "--url", "http://h/sw");

        Assert.Equal("msg_p5jXN8AQM9LWM0D4loKWxJek", request.Header("webhook-id"));
        Assert.Equal("1614265330", request.Header("webhook-timestamp"));
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", request.Header("webhook-signature"));
    }

    [Fact]
    public void Sign_StandardWebhooksTwoSecrets_OneSignatureEach()
    {
        var request = SignerHarness.Sign(
            "standardwebhooks", "--secret", "whsec_b2xk", "--secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "--id", "msg_p5jXN8AQM9LWM0D4loKWxJek",
            "--timestamp", "1614265330", "--body-text", """{"test": 2432232314}""", "--url", "http://h/sw");

        var signatures = request.Header("webhook-signature").Split(' ');
        Assert.Equal(2, signatures.Length);
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signatures[1]);
    }

    [Theory]
    [InlineData(false, "NhPZjY9ryClkCNvjtVwldJQ3KwCPBMCwE9gaWPylRsjiSUj/aCE8kMIKjL4H5w4VFTp4jZ1wKSxX24T7o/N8zQ==")]
    [InlineData(true, "JivcCQmlJs78YiiylfKEfUl+06VYBjvjGkBG6cOGf8iZceEGE2bZCMk2YTpOhzBoC0UlDXQAa6mUspvjpBbTng==")]
    public void Sign_IxopayVector_MatchesSdkSignature(bool md5, string expected)
    {
        string[] args = ["ixopay", "--secret", "sharedSecret", "--body-text", IxopayBody, "--date", IxopayDate, "--url", IxopayUrl];

        var request = SignerHarness.Sign(md5 ? [.. args, "--md5"] : args);

        Assert.Equal(expected, request.Header("X-Signature"));
        Assert.Equal(IxopayDate, request.Header("Date"));
        Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/callback?someId=0816")]
    [InlineData("http://127.0.0.1:5000/callbacks?someId=0815")]
    public void Sign_IxopayOtherUri_DifferentSignature(string url)
    {
        var request = SignerHarness.Sign("ixopay", "--secret", "sharedSecret", "--body-text", IxopayBody, "--date", IxopayDate, "--url", url);

        Assert.NotEqual("NhPZjY9ryClkCNvjtVwldJQ3KwCPBMCwE9gaWPylRsjiSUj/aCE8kMIKjL4H5w4VFTp4jZ1wKSxX24T7o/N8zQ==", request.Header("X-Signature"));
    }

    [Fact]
    public void Sign_IxopayWithoutDate_SendsRfc1123OfTimestamp()
    {
        var request = SignerHarness.Sign("ixopay", "--secret", "s", "--body-text", "{}", "--timestamp", "1595337303", "--url", IxopayUrl);

        Assert.Equal("Tue, 21 Jul 2020 13:15:03 GMT", request.Header("Date"));
    }

    // Expected values computed with Python's hmac module.
    [Fact]
    public void Sign_StripeTwoSecrets_OneV1PerSecret()
    {
        var request = SignerHarness.Sign("stripe", "--secret", "whsec_a", "--secret", "whsec_b", "--timestamp", "1700000000", "--body-text", "abc", "--url", "http://h/s");

        Assert.Equal(
            "t=1700000000,v1=b92c6ebdb48ecf483c8aa616812adb304f6cec05c31650f27827c5295c338876,v1=25fae9759943df2500b4bf1e7feff1122d015ccb1c58164dcf87980f1d5c4c83",
            request.Header("Stripe-Signature"));
    }

    [Fact]
    public void Sign_Crypto2BWithRecvWindow_SignsTimestampWindowMethodPathBody()
    {
        var request = SignerHarness.Sign(
            "crypto2b", "--secret", "c2VjcmV0", "--public-key", "pk", "--recv-window", "5000", "--timestamp", "1700000000",
            "--body-text", """{"data":{}}""", "--url", "http://h/cb?a=1");

        Assert.Equal("pk", request.Header("X-Processing-Key"));
        Assert.Equal("1700000000000", request.Header("X-Processing-Timestamp"));
        Assert.Equal("5000", request.Header("X-Processing-RecvWindow"));
        Assert.Equal(
            "dipyCYZlw1aBFA3OXGrcdt+RtEywOoLDICqDVxK9vDLC4+UfS/+ecs3/krZWRsp4ZJ51ketTzUDPitQIFwKUSg==",
            request.Header("X-Processing-Signature"));
    }

    [Fact]
    public void Sign_HmacSha1Base64WithTimestamp_SignsTemplate()
    {
        var request = SignerHarness.Sign(
            "hmac", "--secret", "s", "--header", "X-Sig", "--prefix", "sha1=", "--algorithm", "SHA1", "--encoding", "base64",
            "--timestamp-header", "X-Ts", "--timestamp", "1700000000", "--body-text", "abc", "--url", "http://h/");

        Assert.Equal("1700000000", request.Header("X-Ts"));
        Assert.Equal("sha1=GBrA7XaU7A8QVebMYeIRy597maM=", request.Header("X-Sig"));
    }

    [Fact]
    public void Sign_CryptoCloud_ReplacesTokenWithHs256Jwt()
    {
        var request = SignerHarness.Sign(
            "cryptocloud", "--secret", "k", "--timestamp", "1700000000", "--body-text", """{"invoice_id":"A","token":"old","status":"success"}""", "--url", "http://h/cc");

        Assert.True(request.BodyChanged);
        Assert.Equal(
            """{"invoice_id":"A","token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpZCI6IkEiLCJleHAiOjE3MDAwMDAzMDB9.""" + CryptoCloudSignatureOfA + "\",\"status\":\"success\"}",
            Encoding.UTF8.GetString(request.Body));
    }

    [Fact]
    public void Sign_CryptoCloudForm_SendsScalarFieldsUrlEncoded()
    {
        var request = SignerHarness.Sign(
            "cryptocloud", "--secret", "k", "--form", "--timestamp", "1700000000", "--body-text",
            """{"invoice_id":"A","amount_crypto":0.000113,"order_id":"a b&c","invoice_info":{"uuid":"INV-A"}}""", "--url", "http://h/cc");

        Assert.Equal("application/x-www-form-urlencoded", request.Header("Content-Type"));
        Assert.Equal(
            "invoice_id=A&amount_crypto=0.000113&order_id=a%20b%26c&token=eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpZCI6IkEiLCJleHAiOjE3MDAwMDAzMDB9." + CryptoCloudSignatureOfA,
            Encoding.UTF8.GetString(request.Body));
        Assert.Contains(request.Notes, n => n.Contains("invoice_info", StringComparison.Ordinal));
    }
}
