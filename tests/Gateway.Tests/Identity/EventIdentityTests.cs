using System.Text;
using Gateway.Configuration;
using Gateway.Deduplication;
using Gateway.Identity;
using Gateway.Verification;
using Microsoft.AspNetCore.Http;
using Gateway.Model;

namespace Gateway.Tests.Identity;

public class EventIdentityTests
{
    private static CallbackPolicy Policy(params string[] selectors)
    {
        var parsed = selectors.Select(s => IdentitySelector.TryParse(s, out var selector) ? selector : throw new ArgumentException(s)).ToList();
        return new CallbackPolicy("p", new CallbackPolicyOptions(), new AnyVerifier(), parsed);
    }

    private static CallbackRequest Request(string body, params (string Name, string Value)[] headers)
    {
        var dictionary = new HeaderDictionary();
        foreach (var (name, value) in headers)
        {
            dictionary[name] = value;
        }

        return new CallbackRequest("POST", "/", dictionary, Encoding.UTF8.GetBytes(body), DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void TryExtract_JsonPointers_JoinsEscapedParts()
    {
        var ok = EventIdentity.TryExtract(Policy("/data/type", "/data/id", "/data/status").Identity, Request("""{"data":{"type":"Deposit","id":123456,"status":"Su:cc ess"}}"""), null, out var identity, out _);

        Assert.True(ok);
        Assert.Equal("Deposit:123456:Su%3Acc%20ess", identity);
    }

    [Fact]
    public void TryExtract_PartsThatWouldCollideWhenJoined_Differ()
    {
        EventIdentity.TryExtract(Policy("/a", "/b").Identity, Request("""{"a":"x:y","b":"z"}"""), null, out var first, out _);
        EventIdentity.TryExtract(Policy("/a", "/b").Identity, Request("""{"a":"x","b":"y:z"}"""), null, out var second, out _);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void TryExtract_PointerWithArrayIndexAndEscapes_Resolves()
    {
        var ok = EventIdentity.TryExtract(Policy("/items/1/a~1b").Identity, Request("""{"items":[{},{"a/b":"v"}]}"""), null, out var identity, out _);

        Assert.True(ok);
        Assert.Equal("v", identity);
    }

    [Theory]
    [InlineData("""{"id":null}""")]
    [InlineData("""{"other":1}""")]
    [InlineData("""{"id":""}""")]
    [InlineData("not json")]
    public void TryExtract_MissingOrNullField_Fails(string body)
    {
        var ok = EventIdentity.TryExtract(Policy("/id").Identity, Request(body), null, out _, out var problem);

        Assert.False(ok);
        Assert.Contains("/id", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryExtract_StringWithLoneSurrogate_UsesRawTextInsteadOfThrowing()
    {
        var ok = EventIdentity.TryExtract(Policy("/id").Identity, Request("""{"id":"a\ud800b"}"""), null, out var identity, out _);

        Assert.True(ok);
        Assert.Equal(Uri.EscapeDataString("\"a\\ud800b\""), identity);
    }

    [Fact]
    public void TryExtract_FormField_Decoded()
    {
        var ok = EventIdentity.TryExtract(Policy("form:invoice_id", "form:status").Identity, Request("invoice_id=89UX09KA&status=success&x=a+b"), null, out var identity, out _);

        Assert.True(ok);
        Assert.Equal("89UX09KA:success", identity);
    }

    [Fact]
    public void TryExtract_RepeatedFormField_FailsAsAmbiguous()
    {
        var ok = EventIdentity.TryExtract(Policy("form:id").Identity, Request("id=1&id=2"), null, out _, out _);

        Assert.False(ok);
    }

    [Fact]
    public void TryExtract_Header_TakesValue()
    {
        var ok = EventIdentity.TryExtract(Policy("header:webhook-id").Identity, Request("{}", ("webhook-id", "msg_1")), null, out var identity, out _);

        Assert.True(ok);
        Assert.Equal("msg_1", identity);
    }

    [Fact]
    public void TryExtract_NoSelectors_SchemeIdentityElseBodyHash()
    {
        EventIdentity.TryExtract(Policy().Identity, Request("abc"), VerificationResult.VerifiedAs("scheme id").Identity, out var fromScheme, out _);
        EventIdentity.TryExtract(Policy().Identity, Request("abc"), null, out var fromBody, out _);

        Assert.Equal("scheme%20id", fromScheme);
        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", fromBody);
    }

    [Fact]
    public void TryExtract_SchemeIdentityOfTwoParts_WrittenLikeSelectorsAndNotEscapedTwice()
    {
        EventIdentity.TryExtract(Policy().Identity, Request("{}"), VerificationResult.VerifiedAs("order.paid", "ord 1").Identity, out var fromScheme, out _);
        EventIdentity.TryExtract(Policy("/e", "/o").Identity, Request("""{"e":"order.paid","o":"ord 1"}"""), null, out var fromSelectors, out _);

        Assert.Equal("order.paid:ord%201", fromScheme);
        Assert.Equal(fromSelectors, fromScheme);
    }

    [Fact]
    public void TryExtract_VeryLongIdentity_SentAsHash()
    {
        EventIdentity.TryExtract(Policy("/id").Identity, Request($$"""{"id":"{{new string('x', 2000)}}"}"""), null, out var identity, out _);

        Assert.StartsWith("sha256:", identity, StringComparison.Ordinal);
    }

    [Fact]
    public void DedupKey_ClientTextCannotShapeIt()
    {
        var key = DedupKeys.For("cbgw", "p", "a:b\r\n*" + new string('x', 5000));

        Assert.Matches("^cbgw:p:[0-9a-f]{64}$", key);
    }

    [Fact]
    public void NewToken_ManyThreads_AllDistinct()
    {
        var tokens = new System.Collections.Concurrent.ConcurrentBag<string>();

        Parallel.For(0, 20_000, _ => tokens.Add(DedupKeys.NewToken()));

        Assert.Equal(20_000, tokens.Distinct(StringComparer.Ordinal).Count());
    }

    private sealed class AnyVerifier : ISignatureVerifier
    {
        public VerificationResult Verify(in CallbackRequest request) => VerificationResult.Verified();
    }
}
