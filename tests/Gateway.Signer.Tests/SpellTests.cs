using System.Text;
using Gateway.Signer.Signers;

namespace Gateway.Signer.Tests;

/// <summary>Spell's canonical string and JavaScript's Number→String, against values printed by Node.</summary>
public class SpellTests
{
    // Node: Object.keys(b).sort().map(k => k + "=" + (typeof b[k] === "object" ? JSON.stringify(b[k]) : String(b[k]))).join("&")
    private const string Body = """{"user":{"id":7,"name":"Ann"},"timestamp":1700000000,"order":"o-1","event":"order.paid","callback":"cb-1","amount":1.10,"big":1e21,"neg":-0,"tags":["a",null],"note":null,"ok":true,"nested":{"b":1e3,"10":"x","2":"y"}}""";
    private const string Canonical = """amount=1.1&big=1e+21&callback=cb-1&event=order.paid&neg=0&nested={"2":"y","10":"x","b":1000}&note=null&ok=true&order=o-1&tags=["a",null]&timestamp=1700000000&user={"id":7,"name":"Ann"}""";

    [Fact]
    public void CanonicalString_MixedBody_MatchesNode()
    {
        var notes = new List<string>();

        var canonical = SpellSigner.CanonicalString(Encoding.UTF8.GetBytes(Body), notes);

        Assert.Equal(Canonical, canonical);
    }

    [Fact]
    public void CanonicalString_NumberTextNotJavaScripts_Noted()
    {
        var notes = new List<string>();

        SpellSigner.CanonicalString(Encoding.UTF8.GetBytes(Body), notes);

        Assert.Contains(notes, n => n.StartsWith("/amount is written 1.10", StringComparison.Ordinal));
        Assert.DoesNotContain(notes, n => n.StartsWith("/timestamp", StringComparison.Ordinal));
    }

    [Fact]
    public void CanonicalString_DuplicateKey_LastValueAndNoted()
    {
        var notes = new List<string>();

        var canonical = SpellSigner.CanonicalString("""{"b":1,"a":2,"b":3}"""u8.ToArray(), notes);

        Assert.Equal("a=2&b=3", canonical);
        Assert.Contains(notes, n => n.Contains("twice", StringComparison.Ordinal));
    }

    [Fact]
    public void CanonicalString_NestedStringWithEscapes_QuotedAsJsonStringify()
    {
        var notes = new List<string>();

        var canonical = SpellSigner.CanonicalString("""{"s":{"t":"q\"\\/\u0001\t\u2028é😀"}}"""u8.ToArray(), notes);

        Assert.Equal("s={\"t\":\"q\\\"\\\\/\\u0001\\t\u2028é😀\"}", canonical);
    }

    [Fact]
    public void Sign_NodeVector_MatchesNodeHmac()
    {
        var request = SignerHarness.Sign("spell", "--secret", "spell-secret", "--body-text", Body, "--url", "http://h/spell");

        Assert.Equal("1d4a59855d1bcd62bbd3c0a1067701167a7d54844a5113df85a1f1a2c8deec89", request.Header("SPELL-Callback-Signature"));
        Assert.False(request.BodyChanged);
    }

    [Theory]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(123456789012345678901d, "123456789012345680000")]
    [InlineData(1.23e-18, "1.23e-18")]
    [InlineData(5e-7, "5e-7")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(9007199254740992d, "9007199254740992")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(-1.5e-10, "-1.5e-10")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(-0d, "0")]
    [InlineData(1.1, "1.1")]
    public void NumberToString_MatchesNode(double value, string expected)
    {
        Assert.Equal(expected, JavaScript.NumberToString(value));
    }
}
