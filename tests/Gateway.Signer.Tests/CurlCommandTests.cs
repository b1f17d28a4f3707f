namespace Gateway.Signer.Tests;

public class CurlCommandTests
{
    [Fact]
    public void Format_BodyText_QuotedLiteralAndHeaders()
    {
        var request = SignerHarness.Sign("github", "--secret", "s", "--id", "d1", "--body-text", "it's", "--url", "http://h/cb?a=1&b=2");

        var command = CurlCommand.Format(request, bodyFile: null);

        Assert.StartsWith("curl -sS -i -g 'http://h/cb?a=1&b=2'", command, StringComparison.Ordinal);
        Assert.Contains("-H 'X-GitHub-Delivery: d1'", command, StringComparison.Ordinal);
        Assert.EndsWith("--data-binary 'it'\\''s'", command, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_UnchangedBodyFromFile_DataBinaryAtFile()
    {
        var request = SignerHarness.Sign("github", "--secret", "s", "--body-text", "{}", "--url", "http://h/");

        var command = CurlCommand.Format(request, "samples/my body.json");

        Assert.EndsWith("--data-binary '@samples/my body.json'", command, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_BodyRewritten_InlinesNewBodyNotFile()
    {
        var request = SignerHarness.Sign("cryptocloud", "--secret", "k", "--body-text", """{"invoice_id":"A"}""", "--url", "http://h/");

        var command = CurlCommand.Format(request, "samples/cryptocloud.json");

        Assert.DoesNotContain("@samples", command, StringComparison.Ordinal);
        Assert.Contains("\"token\":\"eyJ", command, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://h/cb", "http://h/cb")]
    [InlineData("a b", "'a b'")]
    [InlineData("", "''")]
    [InlineData("$HOME", "'$HOME'")]
    public void Quote_Text_ShellSafe(string text, string expected)
    {
        Assert.Equal(expected, CurlCommand.Quote(text));
    }
}
