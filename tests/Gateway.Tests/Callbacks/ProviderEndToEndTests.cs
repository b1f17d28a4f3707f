using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.Callbacks;

/// <summary>
/// Each provider's callback, signed here the way that provider signs (with the framework's primitives, not the gateway's
/// verifiers), through the real gateway to a real backend: verified → forwarded with trusted headers; a re-sent copy →
/// the answer that provider expects, not forwarded; a tampered copy → rejected.
/// </summary>
[Collection(RedisGroup.Name)]
public sealed class ProviderEndToEndTests(RedisServer redis) : IAsyncLifetime
{
    private const string IxopaySecret = "ixopay-shared-secret";
    private const string Crypto2BPublicKey = "c2b-public-key";
    private static readonly string Crypto2BSecret = Convert.ToBase64String(Encoding.UTF8.GetBytes("crypto2b-api-secret-bytes"));
    private const string StripeSecret = "whsec_stripe_test";
    private const string SvixSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string GitHubSecret = "It's a Secret to Everybody";
    private const string SpellSecret = "spell-callback-secret"; // the secret of the Node-made vectors (Fixtures/spell)
    private const string CryptoCloudSecret = "cryptocloud-project-secret-key-0123456789";

    private Backend? _backend;
    private GatewayInstance? _gateway;

    private Backend Backend => _backend!;

    private HttpClient Client => _gateway!.Client;

    public async Task InitializeAsync()
    {
        _backend = await Backend.StartAsync();
        var config = TestCallbacks.Config(Backend.Address, redis.ConnectionString)
            .WithCallbackRoute(
                "ixopay",
                "/callbacks/ixopay",
                new JsonObject { ["Scheme"] = "Ixopay", ["Secrets"] = new JsonArray(IxopaySecret) },
                new JsonArray(new JsonObject { ["PathSet"] = "/legacy/ixopay.php" })) // the signature covers the public URI
            .WithCallbackRoute("crypto2b", "/callbacks/crypto2b", new JsonObject
            {
                ["Scheme"] = "Crypto2B", ["Secrets"] = new JsonArray(Crypto2BSecret), ["PublicKey"] = Crypto2BPublicKey,
            })
            .WithCallbackRoute("stripe", "/callbacks/stripe", new JsonObject { ["Scheme"] = "Stripe", ["Secrets"] = new JsonArray(StripeSecret) })
            .WithCallbackRoute("svix", "/callbacks/svix", new JsonObject { ["Scheme"] = "StandardWebhooks", ["Secrets"] = new JsonArray(SvixSecret) })
            .WithCallbackRoute("github", "/callbacks/github", new JsonObject { ["Scheme"] = "GitHub", ["Secrets"] = new JsonArray(GitHubSecret) })
            .WithCallbackRoute("spell", "/callbacks/spell", new JsonObject { ["Scheme"] = "Spell", ["Secrets"] = new JsonArray("old", SpellSecret) })
            .WithCallbackRoute("cryptocloud", "/callbacks/cryptocloud", new JsonObject { ["Scheme"] = "CryptoCloud", ["Secrets"] = new JsonArray(CryptoCloudSecret) });
        _gateway = await GatewayInstance.StartAsync(config);
    }

    public async Task DisposeAsync()
    {
        await _gateway!.DisposeAsync();
        await Backend.DisposeAsync();
    }

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

    /// <summary>An HS256 JWT made by hand: base64url(header).base64url(payload).base64url(HMAC-SHA256).</summary>
    private static string Jwt(string secret, string payload)
    {
        static string Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var signingInput = Url(Encoding.UTF8.GetBytes("""{"typ":"JWT","alg":"HS256"}""")) + "." + Url(Encoding.UTF8.GetBytes(payload));
        return signingInput + "." + Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signingInput)));
    }

    /// <summary>CryptoCloud's POSTBACK, as JSON or form fields.</summary>
    private static HttpRequestMessage CryptoCloud(string invoice, string token, bool form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/callbacks/cryptocloud");
        request.Content = form
            ? new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["status"] = "success", ["invoice_id"] = invoice, ["amount_crypto"] = "0.000113", ["currency"] = "BNB",
                ["order_id"] = "ORDER_93223", ["token"] = token,
            })
            : new StringContent(
                $$"""{"status":"success","invoice_id":"{{invoice}}","amount_crypto":0.000113,"currency":"BNB","order_id":"ORDER_93223","token":"{{token}}","invoice_info":{"uuid":"INV-{{invoice}}"} }""",
                Encoding.UTF8,
                "application/json");
        return request;
    }

    /// <summary>IXOPAY: X-Signature = base64 HMAC-SHA512(secret, "POST\n{hex sha512(body)}\n{content type}\n{date}\n{uri}").</summary>
    private static HttpRequestMessage Ixopay(string body, string uri, string? signedUri = null)
    {
        const string contentType = "application/json; charset=utf-8";
        var date = DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture);
        var bodyHash = Convert.ToHexStringLower(SHA512.HashData(Encoding.UTF8.GetBytes(body)));
        var signed = $"POST\n{bodyHash}\n{contentType}\n{date}\n{signedUri ?? uri}";
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(body) };
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("Date", date);
        request.Headers.Add("X-Signature", Convert.ToBase64String(HMACSHA512.HashData(Encoding.UTF8.GetBytes(IxopaySecret), Encoding.UTF8.GetBytes(signed))));
        return request;
    }

    /// <summary>Crypto2B: base64 HMAC-SHA512(base64-decoded secret, timestamp + recvWindow + "POST" + path + body).</summary>
    private static HttpRequestMessage Crypto2B(string body, string path)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        const string window = "60000";
        var signature = HMACSHA512.HashData(Convert.FromBase64String(Crypto2BSecret), Encoding.UTF8.GetBytes(timestamp + window + "POST" + path + body));
        var request = TestCallbacks.UnsignedRequest(body, path);
        request.Headers.Add("X-Processing-Key", Crypto2BPublicKey);
        request.Headers.Add("X-Processing-Timestamp", timestamp);
        request.Headers.Add("X-Processing-RecvWindow", window);
        request.Headers.Add("X-Processing-Signature", Convert.ToBase64String(signature));
        return request;
    }

    /// <summary>Stripe: Stripe-Signature: t={unix},v1={hex HMAC-SHA256(secret, "{t}.{body}")}.</summary>
    private static HttpRequestMessage Stripe(string body)
    {
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var v1 = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(StripeSecret), Encoding.UTF8.GetBytes($"{t}.{body}")));
        var request = TestCallbacks.UnsignedRequest(body, "/callbacks/stripe");
        request.Headers.Add("Stripe-Signature", $"t={t},v1={v1}");
        return request;
    }

    /// <summary>Standard Webhooks: webhook-signature: v1,{base64 HMAC-SHA256(base64-decoded whsec, "{id}.{ts}.{body}")}.</summary>
    private static HttpRequestMessage StandardWebhooks(string id, string body)
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var key = Convert.FromBase64String(SvixSecret["whsec_".Length..]);
        var signature = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{ts}.{body}"));
        var request = TestCallbacks.UnsignedRequest(body, "/callbacks/svix");
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", ts);
        request.Headers.Add("webhook-signature", "v1," + Convert.ToBase64String(signature));
        return request;
    }
}
