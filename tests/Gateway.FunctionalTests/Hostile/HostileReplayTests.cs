using System.Net;
using Gateway.Tests.Fixtures;
using static Gateway.Tests.Fixtures.ProviderSigners;
using static Gateway.Tests.Hostile.HostileRequests;

namespace Gateway.Tests.Hostile;

/// <summary>
/// Class 9: replays. A second copy of a delivered event (the same bytes, or the same signed identity in other bytes) gets
/// the policy's duplicate answer and the backend nothing new; a copy the gateway refused claims nothing, so the real
/// event still goes through.
/// </summary>
public sealed class HostileReplayTests(HostileGateway gateway) : HostileTests(gateway)
{
    private static readonly ReplayCase[] Cases =
    [
        new("hmac: the same request twice", TestCallbacks.Policy, string.Empty, () => Twice(id => TestCallbacks.SignedRequest(HmacBody(id)))),
        new("hmac: the same id, other whitespace, signed anew", TestCallbacks.Policy, string.Empty, () => Pair(
            id => TestCallbacks.SignedRequest(HmacBody(id)),
            id => TestCallbacks.SignedRequest($$"""{ "id" : "{{id}}" ,  "type" : "invoice.paid", "amount" : 1.10 }"""))),
        new("hmac: the same id, keys reordered, signed anew", TestCallbacks.Policy, string.Empty, () => Pair(
            id => TestCallbacks.SignedRequest(HmacBody(id)),
            id => TestCallbacks.SignedRequest($$"""{"amount":1.10,"type":"invoice.paid","id":"{{id}}"}"""))),
        new("hmac: the same id, another amount, signed anew", TestCallbacks.Policy, string.Empty, () => Pair(
            id => TestCallbacks.SignedRequest(HmacBody(id)),
            id => TestCallbacks.SignedRequest(HmacBody(id).Replace("1.10", "1000.00", StringComparison.Ordinal)))),
        new("hmac: the same body signed a minute later", TestCallbacks.Policy, string.Empty, () => Pair(
            id => TestCallbacks.SignedRequest(HmacBody(id), at: DateTimeOffset.UtcNow.AddMinutes(-1)),
            id => TestCallbacks.SignedRequest(HmacBody(id)))),
        new("hmac: the same body signed with the older secret", TestCallbacks.Policy, string.Empty, () => Pair(
            id => TestCallbacks.SignedRequest(HmacBody(id)),
            id => TestCallbacks.SignedRequest(HmacBody(id), "old-secret"))),
        new("hmac: again through an upper-case path", TestCallbacks.Policy, string.Empty, () => Pair(
            id => TestCallbacks.SignedRequest(HmacBody(id)),
            id => SentTo(TestCallbacks.SignedRequest(HmacBody(id)), "/HOOKS/HMAC"))),
        new("hmac: again with a trailing slash and a query", TestCallbacks.Policy, string.Empty, () => Pair(
            id => TestCallbacks.SignedRequest(HmacBody(id)),
            id => SentTo(TestCallbacks.SignedRequest(HmacBody(id)), "/hooks/hmac/?retry=1"))),
        new("stripe: the same event re-signed", "stripe", string.Empty, () => Twice(id => Stripe(HmacBody(id)))),
        new("ixopay: the same callback twice", "ixopay", "OK", () => Twice(id => Ixopay(IxopayBody(id), IxopayPath))),
        new("ixopay: again with the MD5 body hash", "ixopay", "OK", () => Pair(id => Ixopay(IxopayBody(id), IxopayPath), id => Ixopay(IxopayBody(id), IxopayPath, md5: true))),
        new("ixopay: again with another query", "ixopay", "OK", () => Pair(id => Ixopay(IxopayBody(id), IxopayPath), id => Ixopay(IxopayBody(id), IxopayPath + "?retry=1"))),
        new("github: redelivered with a new X-GitHub-Delivery", "github", string.Empty, () => Twice(id => GitHub(HmacBody(id)))),
        new("svix: the same webhook-id with another body", "svix", string.Empty, () => Pair(id => StandardWebhooks(id, """{"n":1}"""), id => StandardWebhooks(id, """{"n":2}"""))),
        new("cryptocloud: the same invoice with a new token", "cryptocloud", string.Empty, () => Pair(
            id => CryptoCloud(id, Jwt(CryptoCloudSecret, CryptoCloudClaims("INV-" + id)), form: false),
            id => CryptoCloud(id, Jwt(CryptoCloudSecret, CryptoCloudClaims(id, DateTimeOffset.UtcNow.AddMinutes(4))), form: false))),
        new("cryptocloud: the same invoice again as a form", "cryptocloud", string.Empty, () => Pair(
            id => CryptoCloud(id, Jwt(CryptoCloudSecret, CryptoCloudClaims(id)), form: false),
            id => CryptoCloud(id, Jwt(CryptoCloudSecret, CryptoCloudClaims(id)), form: true))),
        new("cryptocloud: the same invoice with another status", "cryptocloud", string.Empty, () => Pair(
            id => CryptoCloud(id, Jwt(CryptoCloudSecret, CryptoCloudClaims(id)), form: false),
            id => WithBody(CryptoCloud(id, Jwt(CryptoCloudSecret, CryptoCloudClaims(id)), form: false), CryptoCloudJson(id, Jwt(CryptoCloudSecret, CryptoCloudClaims(id))).Replace("success", "overpaid", StringComparison.Ordinal)))),
        new("crypto2b: the same callback twice", "crypto2b", string.Empty, () => Twice(id => Crypto2B(Crypto2BBody(id)))),
        new("crypto2b: the same data, keys reordered", "crypto2b", string.Empty, () => Pair(
            id => Crypto2B(Crypto2BBody(id)),
            id => Crypto2B($$$"""{"data":{"status":"Success","id":"{{{id}}}","type":"Deposit"}}"""))),
        new("spell: the same callback, keys reordered", "spell", string.Empty, () => Pair(
            id => Spell(("callback", id), ("event", "order.paid")),
            id => Spell(("event", "order.paid"), ("callback", id)))),
    ];

    public static TheoryData<string> Replays => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Replays))]
    public async Task Replay_DuplicateAnswer_BackendSeesItOnce(string name)
    {
        var replay = Cases.Single(c => c.Name == name);
        var (first, again) = replay.Requests();

        var delivered = await Client.SendAsync(first);
        var replayed = await Client.SendAsync(again);

        AssertForwardedOnce(delivered.StatusCode, replay.Policy);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(replay.DuplicateBody, await replayed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Replay_WithLookAlikeHeader_400ForgedHeader_BackendSeesItOnce()
    {
        var body = HmacBody(NewId());
        await Client.SendAsync(TestCallbacks.SignedRequest(body));
        var again = TestCallbacks.SignedRequest(body);
        again.Headers.TryAddWithoutValidation("X_Callback_Event_Id", "evt_other");

        var replayed = await Client.SendAsync(again);

        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        AssertForwardedOnce(HttpStatusCode.OK, TestCallbacks.Policy);
    }

    [Fact]
    public async Task Replay_EightConcurrentCopies_BackendSeesOne()
    {
        var body = HmacBody(NewId());

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Client.SendAsync(TestCallbacks.SignedRequest(body))));

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        AssertForwardedOnce(HttpStatusCode.OK, TestCallbacks.Policy);
    }

    /// <summary>An attacker who sees an event id cannot spend it: a refused copy claims nothing, and the sender's own copy is forwarded.</summary>
    [Theory]
    [InlineData("unsigned", 401)]
    [InlineData("another secret", 401)]
    [InlineData("stale", 401)]
    [InlineData("look-alike header", 400)]
    [InlineData("path variant", 404)]
    [InlineData("GET", 405)]
    [InlineData("over MaxBodyBytes", 413)]
    public async Task RefusedCopyFirst_ClaimsNothing_RealEventForwarded(string copy, int status)
    {
        var id = NewId();
        var body = HmacBody(id);
        var hostile = copy switch
        {
            "unsigned" => TestCallbacks.UnsignedRequest(body),
            "another secret" => TestCallbacks.SignedRequest(body, "attacker-guess"),
            "stale" => TestCallbacks.SignedRequest(body, at: DateTimeOffset.UtcNow.AddHours(-1)),
            "look-alike header" => WithHeader(TestCallbacks.SignedRequest(body), "X_Callback_Verified", "hooks"),
            "path variant" => SentTo(TestCallbacks.SignedRequest(body), "/hooks/hmac.json"),
            "GET" => new HttpRequestMessage(HttpMethod.Get, TestCallbacks.CallbackPath) { Content = TestCallbacks.SignedRequest(body).Content },
            _ => TestCallbacks.SignedRequest(body[..^1] + $",\"pad\":\"{new string('x', 1024)}\"}}"),
        };

        var refused = await Client.SendAsync(hostile);
        AssertNothingForwarded();
        var real = await Client.SendAsync(TestCallbacks.SignedRequest(body));

        Assert.Equal(status, (int)refused.StatusCode);
        Assert.Equal([id], AssertForwardedOnce(real.StatusCode, TestCallbacks.Policy).Header("X-Callback-Event-Id"));
    }

    private static string NewId() => "evt_" + Guid.NewGuid().ToString("N");

    private static string HmacBody(string id) => TestCallbacks.NewBody(id);

    private static string IxopayBody(string id) => $$"""{"result":"OK","uuid":"{{id}}","merchantTransactionId":"tx-1","transactionType":"DEBIT"}""";

    private static string Crypto2BBody(string id) => $$$"""{"data":{"type":"Deposit","id":"{{{id}}}","status":"Success"}}""";

    private static (HttpRequestMessage First, HttpRequestMessage Again) Twice(Func<string, HttpRequestMessage> request) => Pair(request, request);

    private static (HttpRequestMessage First, HttpRequestMessage Again) Pair(Func<string, HttpRequestMessage> first, Func<string, HttpRequestMessage> again)
    {
        var id = "INV" + Guid.NewGuid().ToString("N");
        return (first(id), again(id));
    }

    /// <summary>A delivered event and a later copy of it; <see cref="DuplicateBody"/> is the policy's duplicate answer.</summary>
    private sealed record ReplayCase(string Name, string Policy, string DuplicateBody, Func<(HttpRequestMessage First, HttpRequestMessage Again)> Requests);
}
