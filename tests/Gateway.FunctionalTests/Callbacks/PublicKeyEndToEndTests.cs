using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Tests.Fixtures;
using static Gateway.Tests.Fixtures.PublicKeySigners;

namespace Gateway.Tests.Callbacks;

/// <summary>
/// The public-key schemes through the real gateway to a real backend, with keys pinned in the configuration: a signed callback
/// is forwarded once with the trusted headers; a re-sent copy gets the answer the provider expects and is not forwarded; a
/// tampered copy, or one signed with a key the gateway does not pin, is rejected and not forwarded.
/// </summary>
[Collection(RedisGroup.Name)]
public sealed class PublicKeyEndToEndTests(RedisServer redis) : ProviderGatewayTests(redis)
{
    protected override JsonObject WithRoutes(JsonObject config) => config.WithPublicKeyRoutes();

    [Fact]
    public async Task Fireblocks_SignedEvent_ForwardedOnceByEventId_TamperedRejected()
    {
        var id = Guid.NewGuid().ToString();
        var body = $$"""{"id":"{{id}}","workspaceId":"w1","eventType":"transaction.status.updated","createdAt":1754229343763,"data":{"id":"tx1","status":"COMPLETED"} }""";

        var first = await Client.SendAsync(Fireblocks(body));
        var again = await Client.SendAsync(Fireblocks(body));
        var tampered = Fireblocks(body);
        tampered.Content = new StringContent(body.Replace("COMPLETED", "FAILED", StringComparison.Ordinal), Encoding.UTF8, "application/json");
        using var attacker = RSA.Create(2048);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(Fireblocks(body.Replace(id, "other", StringComparison.Ordinal), key: attacker))).StatusCode);
        var received = Assert.Single(Backend.Received);
        Assert.Equal(id, received.Headers["X-Callback-Event-Id"]);
        Assert.Equal("fireblocks", received.Headers["X-Callback-Verified"]);
        Assert.Equal(body, Encoding.UTF8.GetString(received.Body));
    }

    [Fact]
    public async Task Fireblocks_LegacySignature_ForwardedOnceByBodyHash()
    {
        var body = $$"""{"type":"TRANSACTION_CREATED","tenantId":"t1","timestamp":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}},"data":{"id":"{{Guid.NewGuid()}}"} }""";

        var first = await Client.SendAsync(Fireblocks(body, legacy: true));
        var again = await Client.SendAsync(Fireblocks(body, legacy: true));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.StartsWith("sha256:", Assert.Single(Backend.Received).Headers["X-Callback-Event-Id"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Circle_SignedNotification_ForwardedOnce_TamperedOrUnknownKeyRejected()
    {
        var id = Guid.NewGuid().ToString();
        var body = $$"""{"subscriptionId":"s1","notificationId":"{{id}}","notificationType":"transactions.inbound","notification":{"state":"COMPLETE","amounts":["1.23"]},"version":2}""";

        var first = await Client.SendAsync(Circle(body));
        var again = await Client.SendAsync(Circle(body)); // a new (randomised) ECDSA signature of the same notification
        var tampered = Circle(body);
        tampered.Content = new StringContent(body.Replace("1.23", "9.23", StringComparison.Ordinal), Encoding.UTF8, "application/json");
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(Circle(body, attacker))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(Circle(body, keyId: Guid.NewGuid().ToString()))).StatusCode);
        var received = Assert.Single(Backend.Received);
        Assert.Equal(id, received.Headers["X-Callback-Event-Id"]);
        Assert.Equal("circle", received.Headers["X-Callback-Verified"]);
    }

    [Fact]
    public async Task BinancePay_PaidOrder_ForwardedOnce_DuplicateAnsweredSuccess_TamperedOrStaleRejected()
    {
        var bizId = RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var body = $$"""{"bizType":"PAY","data":"{\"merchantTradeNo\":\"9825382937292\",\"totalFee\":0.88}","bizIdStr":"{{bizId}}","bizId":{{bizId}},"bizStatus":"PAY_SUCCESS"}""";

        var first = await Client.SendAsync(BinancePay(body));
        var again = await Client.SendAsync(BinancePay(body)); // a new nonce and timestamp: the same order event
        var tampered = BinancePay(body);
        tampered.Content = new StringContent(body.Replace("0.88", "8.80", StringComparison.Ordinal), Encoding.UTF8, "application/json");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal("""{"returnCode":"SUCCESS","returnMessage":null}""", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(tampered)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(BinancePay(body.Replace("PAY_SUCCESS", "PAY_CLOSED", StringComparison.Ordinal), at: DateTimeOffset.UtcNow.AddMinutes(-30)))).StatusCode);
        var received = Assert.Single(Backend.Received);
        Assert.Equal($"{bizId}:PAY_SUCCESS", received.Headers["X-Callback-Event-Id"]);
        Assert.Equal("binancepay", received.Headers["X-Callback-Verified"]);
    }

    [Fact]
    public async Task PayPal_Transmission_ForwardedOnce_ResentCopyNotForwarded_TamperedRejected()
    {
        var transmission = Guid.NewGuid().ToString();
        var body = """{"id":"WH-58D329510W468432D-8HN650336L201105X","event_type":"PAYMENT.CAPTURE.COMPLETED","resource":{"id":"42311647XV020574X","amount":{"currency_code":"USD","value":"2.51"}}}""";

        var first = await Client.SendAsync(PayPal(body, transmission));
        var again = await Client.SendAsync(PayPal(body, transmission));
        var tampered = await Client.SendAsync(PayPal(body.Replace("2.51", "9.51", StringComparison.Ordinal), Guid.NewGuid().ToString(), signedBody: body));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        var received = Assert.Single(Backend.Received);
        Assert.Equal(transmission, received.Headers["X-Callback-Event-Id"]);
        Assert.Equal("paypal", received.Headers["X-Callback-Verified"]);
    }
}
