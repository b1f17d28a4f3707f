using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Tests.Fixtures;
using static Gateway.Tests.Fixtures.ProviderSigners;

namespace Gateway.Tests.Callbacks;

/// <summary>
/// Each provider's callback, signed here the way that provider signs (with the framework's primitives, not the gateway's
/// verifiers), through the real gateway to a real backend: verified → forwarded with trusted headers; a re-sent copy →
/// the answer that provider expects, not forwarded; a tampered copy → rejected.
/// </summary>
[Collection(RedisGroup.Name)]
public sealed class ProviderEndToEndTests(RedisServer redis) : ProviderGatewayTests(redis)
{
    protected override JsonObject WithRoutes(JsonObject config) => config.WithProviderRoutes();

    [Fact]
    public async Task Ixopay_SignedCallback_ForwardedOnce_DuplicateAnsweredOK()
    {
        var uuid = "tx" + Guid.NewGuid().ToString("N");
        var body = $$"""{"result":"OK","uuid":"{{uuid}}","merchantTransactionId":"tx-1","transactionType":"DEBIT","amount":"9.99"}""";

        var first = await Client.SendAsync(Ixopay(body, "/callbacks/ixopay?someId=0815"));
        var again = await Client.SendAsync(Ixopay(body, "/callbacks/ixopay?someId=0815"));
        var chargeback = await Client.SendAsync(Ixopay(body.Replace("\"DEBIT\"", "\"CHARGEBACK\"", StringComparison.Ordinal), "/callbacks/ixopay?someId=0815"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("OK", await again.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, chargeback.StatusCode);
        Assert.Equal(2, Backend.Received.Count);
        var received = Backend.Received.First();
        Assert.Equal("/legacy/ixopay.php?someId=0815", received.PathAndQuery);
        Assert.Equal("ixopay", received.Headers["X-Callback-Verified"]);
        Assert.Equal($"{uuid}:DEBIT:OK", received.Headers["X-Callback-Event-Id"]);
        Assert.Equal(body, Encoding.UTF8.GetString(received.Body));
    }

    [Fact]
    public async Task Ixopay_SignedForAnotherUri_Rejected()
    {
        var body = """{"result":"OK","uuid":"u1","transactionType":"DEBIT"}""";

        var response = await Client.SendAsync(Ixopay(body, "/callbacks/ixopay?someId=0815", signedUri: "/callbacks/ixopay?someId=0816"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(Backend.Received);
    }

    [Fact]
    public async Task Crypto2B_SignedCallback_ForwardedOnce_DuplicateNotForwarded()
    {
        var id = RandomNumberGenerator.GetInt32(1, int.MaxValue);
        var body = """{"data":{"type":"Deposit","id":""" + id.ToString(CultureInfo.InvariantCulture) + ""","status":"Success","transaction":{"amount":1000.50,"confirmations":21}}}""";

        var first = await Client.SendAsync(Crypto2B(body, "/callbacks/crypto2b"));
        var again = await Client.SendAsync(Crypto2B(body, "/callbacks/crypto2b"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var received = Assert.Single(Backend.Received);
        Assert.Equal($"Deposit:{id}:Success", received.Headers["X-Callback-Event-Id"]);
        Assert.Equal("crypto2b", received.Headers["X-Callback-Verified"]);
    }

    [Fact]
    public async Task Crypto2B_WrongPublicKeyOrTamperedBody_Rejected()
    {
        var body = """{"data":{"type":"Withdrawal","id":7,"status":"Success"}}""";
        var wrongKey = Crypto2B(body, "/callbacks/crypto2b");
        wrongKey.Headers.Remove("X-Processing-Key");
        wrongKey.Headers.Add("X-Processing-Key", "someone-else");
        var tampered = Crypto2B(body, "/callbacks/crypto2b");
        tampered.Content = new StringContent(body.Replace("7", "8", StringComparison.Ordinal), Encoding.UTF8, "application/json");

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(wrongKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(tampered)).StatusCode);
        Assert.Empty(Backend.Received);
    }

    [Fact]
    public async Task Stripe_SignedEvent_ForwardedOnce()
    {
        var id = "evt_" + Guid.NewGuid().ToString("N");
        var body = $$"""{"id":"{{id}}","type":"charge.succeeded"}""";

        await Client.SendAsync(Stripe(body));
        var again = await Client.SendAsync(Stripe(body));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, Assert.Single(Backend.Received).Headers["X-Callback-Event-Id"]);
    }

    [Fact]
    public async Task StandardWebhooks_SignedMessage_ForwardedOnceByWebhookId()
    {
        var id = "msg_" + Guid.NewGuid().ToString("N");

        await Client.SendAsync(StandardWebhooks(id, """{"test": 1}"""));
        var again = await Client.SendAsync(StandardWebhooks(id, """{"test": 1}"""));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, Assert.Single(Backend.Received).Headers["X-Callback-Event-Id"]);
    }

    [Fact]
    public async Task GitHub_Vector_ForwardedOnceByBodyHash()
    {
        var request = () =>
        {
            var message = TestCallbacks.UnsignedRequest("Hello, World!", "/callbacks/github");
            message.Headers.Add("X-Hub-Signature-256", "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
            message.Headers.Add("X-GitHub-Delivery", Guid.NewGuid().ToString()); // unsigned: a new one must not defeat dedup
            return message;
        };

        await Client.SendAsync(request());
        var again = await Client.SendAsync(request());

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.StartsWith("sha256:", Assert.Single(Backend.Received).Headers["X-Callback-Event-Id"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spell_NodeSignedVector_ForwardedOnce_TamperedRejected()
    {
        // Signed by Node.js (Fixtures/spell/make-vectors.js): the "documented fields" vector.
        const string body = """{"callback":"cb_01HZX","event":"order.paid","order":"ord_42","timestamp":1717171717,"user":{"id":7,"email":"a@b.c"}}""";
        const string hex = "bffff6e96d4b674611fdbdb3f4a537de02ba9a688dfea2358a7ccedc1add25a7";
        HttpRequestMessage Spell(string content)
        {
            var request = TestCallbacks.UnsignedRequest(content, "/callbacks/spell");
            request.Headers.Add("SPELL-Callback-Signature", hex);
            return request;
        }

        var first = await Client.SendAsync(Spell(body));
        var again = await Client.SendAsync(Spell(body));
        var tampered = await Client.SendAsync(Spell(body.Replace("ord_42", "ord_43", StringComparison.Ordinal)));
        var duplicateKey = await Client.SendAsync(Spell(body.Replace("{\"callback\"", "{\"order\":\"ord_1\",\"callback\"", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, duplicateKey.StatusCode);
        var received = Assert.Single(Backend.Received);
        Assert.Equal("cb_01HZX", received.Headers["X-Callback-Event-Id"]);
        Assert.Equal(body, Encoding.UTF8.GetString(received.Body));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CryptoCloud_TokenForThisInvoice_ForwardedOnce(bool form)
    {
        var invoice = "INV" + RandomNumberGenerator.GetHexString(6);
        var token = Jwt(CryptoCloudSecret, $$"""{"id":"INV-{{invoice}}","exp":{{DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds()}}}""");

        var first = await Client.SendAsync(CryptoCloud(invoice, token, form));
        var resent = await Client.SendAsync(CryptoCloud(invoice, Jwt(CryptoCloudSecret, $$"""{"id":"{{invoice}}","exp":{{DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds()}}}"""), form));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        var received = Assert.Single(Backend.Received);
        Assert.Equal(invoice, received.Headers["X-Callback-Event-Id"]);
        Assert.Equal("cryptocloud", received.Headers["X-Callback-Verified"]);
    }

    [Fact]
    public async Task CryptoCloud_TokenForAnotherInvoiceOrExpiredOrForged_Rejected()
    {
        var exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        var other = Jwt(CryptoCloudSecret, $$"""{"id":"INV-OTHER","exp":{{exp}}}""");
        var expired = Jwt(CryptoCloudSecret, $$"""{"id":"INV-ABC","exp":{{DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds()}}}""");
        var forged = Jwt("an-attacker-guess-of-the-secret-key-000", $$"""{"id":"INV-ABC","exp":{{exp}}}""");

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(CryptoCloud("ABC", other, form: false))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(CryptoCloud("ABC", expired, form: false))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(CryptoCloud("ABC", forged, form: true))).StatusCode);
        Assert.Empty(Backend.Received);
    }
}
