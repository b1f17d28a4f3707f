using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Tests.Fixtures;
using static Gateway.Tests.Fixtures.BodySignedSigners;

namespace Gateway.Tests.Callbacks;

/// <summary>
/// The body-signed providers' callbacks (the signature covers a canonical form of the parsed body, or sits inside it),
/// signed here as each provider signs, through the real gateway to a real backend: verified → forwarded once with trusted
/// headers; a re-sent copy → the answer the provider expects, not forwarded; a tampered copy → rejected, not forwarded.
/// </summary>
[Collection(RedisGroup.Name)]
public sealed class BodySignedEndToEndTests(RedisServer redis) : ProviderGatewayTests(redis)
{
    protected override JsonObject WithRoutes(JsonObject config) => config.WithBodySignedRoutes();

    [Fact]
    public async Task NowPayments_SignedIpn_ForwardedOnce_RespacedCopyDuplicate_TamperedRejected()
    {
        var id = RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sorted = $$"""{"actually_paid":0.5,"fee":{"currency":"btc","serviceFee":0},"order_id":"A-1","pay_currency":"btc","payment_id":{{id}},"payment_status":"finished"}""";
        var respaced = $$"""{ "payment_status": "finished", "payment_id": {{id}}, "order_id": "A-1", "pay_currency": "btc", "fee": { "serviceFee": 0, "currency": "btc" }, "actually_paid": 0.5 }""";

        var first = await Client.SendAsync(NowPayments(sorted));
        var again = await Client.SendAsync(NowPayments(sorted, sent: respaced));
        var tampered = await Client.SendAsync(NowPayments(sorted, sent: sorted.Replace("0.5", "5", StringComparison.Ordinal)));
        var wrongSecret = await Client.SendAsync(NowPayments(sorted.Replace("finished", "failed", StringComparison.Ordinal), secret: "guess"));

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized),
            (first.StatusCode, again.StatusCode, tampered.StatusCode, wrongSecret.StatusCode));
        var received = Assert.Single(Backend.Received);
        Assert.Equal("nowpayments", received.Headers["X-Callback-Verified"]);
        Assert.Equal($"{id}:finished", received.Headers["X-Callback-Event-Id"]);
        Assert.Equal(sorted, Encoding.UTF8.GetString(received.Body));
    }

    [Fact]
    public async Task NowPayments_NextStatus_ForwardedAsAnotherEvent()
    {
        var id = RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);

        await Client.SendAsync(NowPayments($$"""{"payment_id":{{id}},"payment_status":"confirming"}"""));
        var finished = await Client.SendAsync(NowPayments($$"""{"payment_id":{{id}},"payment_status":"finished"}"""));
        var duplicateKey = await Client.SendAsync(NowPayments(
            $$"""{"payment_id":{{id}},"payment_status":"finished"}""", sent: $$"""{"payment_id":{{id}},"payment_status":"waiting","payment_status":"finished"}"""));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.BadRequest), (finished.StatusCode, duplicateKey.StatusCode));
        Assert.Equal([$"{id}:confirming", $"{id}:finished"], Backend.Received.Select(r => r.Headers["X-Callback-Event-Id"]));
    }

    [Fact]
    public async Task Adyen_SignedNotification_ForwardedOnce_DuplicateAccepted_TamperedRejected()
    {
        var psp = RandomNumberGenerator.GetHexString(16);
        AdyenItem[] items = [new(psp, "AUTHORISATION", "true")];

        var first = await Client.SendAsync(Adyen(items));
        var again = await Client.SendAsync(Adyen(items, body => body["live"] = "true")); // unsigned field changed: the same event
        var tampered = await Client.SendAsync(Adyen(items, body => body["notificationItems"]![0]!["NotificationRequestItem"]!["amount"]!["value"] = 1));
        var otherKey = await Client.SendAsync(Adyen([new(psp, "CAPTURE", "true")], key: "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"));

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized),
            (first.StatusCode, again.StatusCode, tampered.StatusCode, otherKey.StatusCode));
        Assert.Equal("[accepted]", await again.Content.ReadAsStringAsync());
        var received = Assert.Single(Backend.Received);
        Assert.Equal("adyen", received.Headers["X-Callback-Verified"]);
        Assert.Equal($"{psp}:AUTHORISATION:true", received.Headers["X-Callback-Event-Id"]);
    }

    [Fact]
    public async Task Adyen_TwoItemsEachSigned_ForwardedOnce_OneBadItemRejected_RepartitionRefused()
    {
        var psp = RandomNumberGenerator.GetHexString(16);
        AdyenItem[] items = [new(psp, "AUTHORISATION", "true"), new(psp + "R", "REFUND", "true", 500)];

        var both = await Client.SendAsync(Adyen(items));
        var oneBad = await Client.SendAsync(Adyen(items, body => body["notificationItems"]![1]!["NotificationRequestItem"]!["success"] = "false"));
        var colon = await Client.SendAsync(Adyen([new(psp + ":x", "AUTHORISATION", "true")]));

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest),
            (both.StatusCode, oneBad.StatusCode, colon.StatusCode));
        Assert.Equal($"{psp}:AUTHORISATION:true:{psp}R:REFUND:true", Assert.Single(Backend.Received).Headers["X-Callback-Event-Id"]);
    }

    [Theory]
    [InlineData(CryptomusPath, CryptomusKey, "cryptomus")]
    [InlineData(HeleketPath, HeleketKey, "heleket")]
    public async Task CryptomusAndHeleket_SignedWebhook_ForwardedOnce_RespelledCopyDuplicate_TamperedRejected(string path, string key, string policy)
    {
        var uuid = Guid.NewGuid().ToString();
        var php = $$$"""{"type":"payment","uuid":"{{{uuid}}}","order_id":"o-1","amount":"3.00000000","is_final":true,"status":"paid","url":"https:\/\/shop.example\/o-1","convert":{"to_currency":"USDT","rate":"0.077"}}""";
        var respelled = php.Replace("\\/", "/", StringComparison.Ordinal).Replace(",", ", ", StringComparison.Ordinal);

        var first = await Client.SendAsync(Cryptomus(php, key: key, path: path));
        var again = await Client.SendAsync(Cryptomus(php, sent: respelled, key: key, path: path));
        var tampered = await Client.SendAsync(Cryptomus(php, sent: php.Replace("\"paid\"", "\"paid_over\"", StringComparison.Ordinal), key: key, path: path));
        var numberRespelled = await Client.SendAsync(Cryptomus(
            php.Replace("\"is_final\":true", "\"n\":1.5", StringComparison.Ordinal), sent: php.Replace("\"is_final\":true", "\"n\":1.50", StringComparison.Ordinal), key: key, path: path));

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest),
            (first.StatusCode, again.StatusCode, tampered.StatusCode, numberRespelled.StatusCode));
        var received = Assert.Single(Backend.Received);
        Assert.Equal(policy, received.Headers["X-Callback-Verified"]);
        Assert.Equal($"{uuid}:paid", received.Headers["X-Callback-Event-Id"]);
    }

    [Fact]
    public async Task CoinPayments_SignedIpn_ForwardedOnce_RetryNotForwarded_TamperedOrOtherMerchantRejected()
    {
        var txn = "CPFB" + RandomNumberGenerator.GetHexString(12);
        var form = $"ipn_version=1.0&ipn_id=i1&ipn_type=api&ipn_mode=hmac&merchant={CoinPaymentsMerchant}&txn_id={txn}&status=100&status_text=Complete&amount1=10.00";
        var retry = form.Replace("ipn_id=i1", "ipn_id=i2", StringComparison.Ordinal); // a retry of the same status, signed anew
        var otherMerchant = form.Replace(CoinPaymentsMerchant, "someone-else", StringComparison.Ordinal);

        var first = await Client.SendAsync(CoinPayments(form));
        var again = await Client.SendAsync(CoinPayments(retry));
        var tampered = await Client.SendAsync(CoinPayments(form, sent: form.Replace("amount1=10.00", "amount1=99.00", StringComparison.Ordinal)));
        var foreign = await Client.SendAsync(CoinPayments(otherMerchant));

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized),
            (first.StatusCode, again.StatusCode, tampered.StatusCode, foreign.StatusCode));
        var received = Assert.Single(Backend.Received);
        Assert.Equal("coinpayments", received.Headers["X-Callback-Verified"]);
        Assert.Equal($"{txn}:100", received.Headers["X-Callback-Event-Id"]);
        Assert.Equal(form, Encoding.UTF8.GetString(received.Body));
    }

    [Fact]
    public async Task Plisio_SignedCallback_ForwardedOnce_ReorderedCopyDuplicate_TamperedRejected()
    {
        var txn = "t" + RandomNumberGenerator.GetHexString(12);
        (string, string)[] fields = [("txn_id", txn), ("status", "completed"), ("amount", "0.00027811"), ("currency", "BTC"), ("order_number", "42")];

        var first = await Client.SendAsync(Plisio(fields));
        var again = await Client.SendAsync(Plisio(fields, form => string.Join('&', form.Split('&').Reverse())));
        var tampered = await Client.SendAsync(Plisio(fields, form => form.Replace("amount=0.00027811", "amount=1", StringComparison.Ordinal)));
        var renamed = await Client.SendAsync(Plisio(fields, form => form.Replace("order_number=", "order.number=", StringComparison.Ordinal)));

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest),
            (first.StatusCode, again.StatusCode, tampered.StatusCode, renamed.StatusCode));
        var received = Assert.Single(Backend.Received);
        Assert.Equal("plisio", received.Headers["X-Callback-Verified"]);
        Assert.Equal($"{txn}:completed", received.Headers["X-Callback-Event-Id"]);
    }
}
