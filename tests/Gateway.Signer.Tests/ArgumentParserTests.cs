namespace Gateway.Signer.Tests;

public class ArgumentParserTests
{
    private static readonly string[] Valid = ["github", "--secret", "s", "--body-text", "{}", "--url", "http://127.0.0.1:5000/callbacks/github"];

    [Theory]
    [InlineData("The first argument must be the scheme")]
    [InlineData("Unknown scheme 'nope'", "nope")]
    [InlineData("--secret is required", "github", "--body-text", "{}", "--url", "http://h/")]
    [InlineData("exactly one of --body FILE or --body-text TEXT", "github", "--secret", "s", "--url", "http://h/")]
    [InlineData("exactly one of --body FILE or --body-text TEXT", "github", "--secret", "s", "--body", "f", "--body-text", "{}", "--url", "http://h/")]
    [InlineData("--url is required", "github", "--secret", "s", "--body-text", "{}")]
    [InlineData("is not an absolute http(s) URL", "github", "--secret", "s", "--body-text", "{}", "--url", "/relative")]
    [InlineData("github sends one signature, so it takes one --secret", "github", "--secret", "a", "--secret", "b", "--body-text", "{}", "--url", "http://h/")]
    [InlineData("--md5 applies only to ixopay, not to github", "github", "--secret", "s", "--body-text", "{}", "--url", "http://h/", "--md5")]
    [InlineData("Unknown option '--nope'", "github", "--secret", "s", "--nope")]
    [InlineData("Unexpected argument 'stray'", "github", "--secret", "s", "stray")]
    [InlineData("--url is given twice", "github", "--url", "http://h/", "--url", "http://h/")]
    [InlineData("--secret needs a value", "github", "--secret")]
    [InlineData("--send takes no value", "github", "--send=yes")]
    [InlineData("--timestamp 'soon' is not a whole non-negative number", "github", "--timestamp", "soon")]
    [InlineData("either --send or --print-headers", "github", "--secret", "s", "--body-text", "{}", "--url", "http://h/", "--send", "--print-headers")]
    public void Parse_BadArguments_UsageExceptionSaysWhy(string expected, params string[] args)
    {
        var error = Assert.Throws<UsageException>(() => ArgumentParser.Parse(args));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hmac needs --header", "hmac")]
    [InlineData("--algorithm 'MD5' is not one of", "hmac", "--header", "X-Sig", "--algorithm", "MD5")]
    [InlineData("--encoding 'hex2' is not one of", "hmac", "--header", "X-Sig", "--encoding", "hex2")]
    [InlineData("--timestamp-header is required", "hmac", "--header", "X-Sig", "--template", "{timestamp}.{body}")]
    [InlineData("must contain {body}", "hmac", "--header", "X-Sig", "--template", "{timestamp}")]
    [InlineData("unknown placeholder", "hmac", "--header", "X-Sig", "--template", "{id}.{body}")]
    [InlineData("crypto2b needs --public-key", "crypto2b")]
    [InlineData("crypto2b: the secret must be base64", "crypto2b", "--public-key", "pk")]
    [InlineData("spell: the body must be a JSON object", "spell")]
    [InlineData("cryptocloud: the body must be a JSON object", "cryptocloud")]
    public void Sign_InputsWrongForScheme_UsageExceptionSaysWhy(string expected, string scheme, params string[] options)
    {
        string[] args = [scheme, "--secret", "not*base64", "--body-text", "[]", "--url", "http://h/", .. options];

        var error = Assert.Throws<UsageException>(() => SignerHarness.Sign(args));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_CryptoCloudWithoutInvoiceId_UsageException()
    {
        var error = Assert.Throws<UsageException>(() => SignerHarness.Sign("cryptocloud", "--secret", "k", "--body-text", """{"status":"success"}""", "--url", "http://h/"));

        Assert.Contains("--invoice-id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ValidArguments_Parsed()
    {
        var arguments = ArgumentParser.Parse([.. Valid, "--timestamp=1700000000", "--send"]);

        Assert.Equal("github", arguments.Scheme);
        Assert.Equal(["s"], arguments.Secrets);
        Assert.Equal(1_700_000_000, arguments.Timestamp);
        Assert.True(arguments.Send);
        Assert.Equal("/callbacks/github", arguments.PathAndQuery);
    }

    [Fact]
    public void Parse_SchemeNameInOtherCase_Accepted()
    {
        var arguments = ArgumentParser.Parse(["GitHub", .. Valid[1..]]);

        Assert.Equal("github", arguments.Scheme);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Parse_Help_HelpSetWithoutValidation(string help)
    {
        var arguments = ArgumentParser.Parse(["ixopay", help]);

        Assert.True(arguments.Help);
    }

    [Fact]
    public void Help_ListsEverySchemeAndOption()
    {
        var help = ArgumentParser.Help();

        Assert.All(Gateway.Signer.Signers.SignerCatalog.All, s => Assert.Contains(s.Name, help, StringComparison.Ordinal));
        Assert.Contains("--recv-window MS", help, StringComparison.Ordinal);
    }
}
