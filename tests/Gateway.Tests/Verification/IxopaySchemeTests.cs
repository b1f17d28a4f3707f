using Gateway.Verification;

namespace Gateway.Tests.Verification;

public class IxopaySchemeTests
{
    // The vector of PROVIDERS.md, computed from php-ixopay's createSignature.
    private const string Secret = "sharedSecret";
    private const string Body = """{"result":"OK","uuid":"abc123","merchantTransactionId":"tx-1","transactionType":"DEBIT"}""";
    private const string Date = "Tue, 21 Jul 2020 13:15:03 UTC";
    private const string Uri = "/callback?someId=0815";
    private const string ContentType = "application/json; charset=utf-8";
    private const string Sha512Signature = "NhPZjY9ryClkCNvjtVwldJQ3KwCPBMCwE9gaWPylRsjiSUj/aCE8kMIKjL4H5w4VFTp4jZ1wKSxX24T7o/N8zQ==";
    private const string Md5Signature = "JivcCQmlJs78YiiylfKEfUl+06VYBjvjGkBG6cOGf8iZceEGE2bZCMk2YTpOhzBoC0UlDXQAa6mUspvjpBbTng==";

    // The same with Content-Type `application/json`:
    // h=$(printf '%s' "$body" | openssl dgst -sha512 -r | cut -d' ' -f1)
    // printf 'POST\n%s\napplication/json\nTue, 21 Jul 2020 13:15:03 UTC\n/callback?someId=0815' "$h" | openssl dgst -sha512 -hmac sharedSecret -binary | base64
    private const string PlainJsonSignature = "oJDVCliZUaJCgPbuEZJFx1GVUGAyiARgcSKLDAbZuDCv/Z7OAfaGve6xirY4YGoQSNRwV6GyeLO3FjUGxMUb2A==";

    // The same with the RFC 1123 date `Tue, 21 Jul 2020 13:15:03 GMT` (same command, GMT for UTC).
    private const string GmtSignature = "VCQy5MXCjSdTFnz2wMk0nxVeREuUhgTLW6p89SEHdITYIXTrT0TgiO0uTIBaRunY+jjCe8G7W/36PHM7tmECAQ==";

    private static readonly DateTimeOffset SignedAt = new(2020, 7, 21, 13, 15, 3, TimeSpan.Zero);
    private static readonly DateTimeOffset ReceivedAt = SignedAt.AddSeconds(2);

    private static ISignatureVerifier Verifier(params string[] secrets) =>
        VerifierHarness.Create(new IxopayScheme(), VerifierHarness.Secrets(secrets));

    private static Dictionary<string, string> Headers(string signature = Sha512Signature, string date = Date, string contentType = ContentType) => new()
    {
        ["X-Signature"] = signature,
        ["Date"] = date,
        ["Content-Type"] = contentType,
    };

    private static VerificationResult Verify(ISignatureVerifier verifier, Dictionary<string, string> headers, string body = Body, string uri = Uri, string method = "POST", DateTimeOffset? at = null) =>
        verifier.Verify(VerifierHarness.Request(body, headers, uri, at ?? ReceivedAt, method));

    [Theory]
    [InlineData(Sha512Signature)]
    [InlineData(Md5Signature)]
    public void Verify_ProviderVector_Verified(string signature)
    {
        var result = Verify(Verifier(Secret), Headers(signature));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_XDateInsteadOfDate_Verified()
    {
        var headers = Headers();
        headers.Remove("Date");
        headers["X-Date"] = Date;

        var result = Verify(Verifier(Secret), headers);

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Theory]
    [InlineData(GmtSignature, "Tue, 21 Jul 2020 13:15:03 GMT", ContentType)] // RFC 1123
    [InlineData(PlainJsonSignature, Date, "application/json")] // signed with the received Content-Type
    [InlineData(Sha512Signature, Date, "application/json")] // signed with the SDK's fixed Content-Type
    public void Verify_AcceptedVariant_Verified(string signature, string date, string contentType)
    {
        var result = Verify(Verifier(Secret), Headers(signature, date, contentType));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_RotatedSecrets_EitherVerifies()
    {
        var result = Verify(Verifier("oldSharedSecret", Secret), Headers());

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Theory]
    [InlineData("body")]
    [InlineData("date")]
    [InlineData("uri")]
    [InlineData("method")]
    [InlineData("contentType")]
    [InlineData("signature")]
    public void Verify_OneByteChanged_Invalid(string where)
    {
        // The Content-Type case uses the vector signed with the received `application/json`, since the SDK's fixed
        // type is always tried as well.
        var headers = where switch
        {
            "date" => Headers(date: "Tue, 21 Jul 2020 13:15:04 UTC"),
            "contentType" => Headers(PlainJsonSignature, contentType: "application/jsoN"),
            "signature" => Headers(signature: "O" + Sha512Signature[1..]),
            _ => Headers(),
        };

        var result = Verify(
            Verifier(Secret),
            headers,
            body: where == "body" ? Body.Replace("abc123", "abc124", StringComparison.Ordinal) : Body,
            uri: where == "uri" ? "/callback?someId=0816" : Uri,
            method: where == "method" ? "PUT" : "POST");

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void Verify_DateOutsideTolerance_Stale(int offsetSeconds)
    {
        var result = Verify(Verifier(Secret), Headers(), at: SignedAt.AddSeconds(offsetSeconds));

        Assert.Equal(VerificationStatus.Stale, result.Status);
    }

    [Fact]
    public void Verify_ToleranceSetting_Applied()
    {
        var verifier = VerifierHarness.Create(new IxopayScheme(), new Dictionary<string, string?> { ["Secrets:0"] = Secret, ["Tolerance"] = "00:10:00" });

        var result = Verify(verifier, Headers(), at: SignedAt.AddMinutes(9));

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Fact]
    public void Verify_NoSignatureHeader_Invalid()
    {
        var headers = Headers();
        headers.Remove("X-Signature");

        var result = Verify(Verifier(Secret), headers);

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("2020-07-21T13:15:03Z")]
    public void Verify_MissingOrUnparseableDate_Malformed(string? date)
    {
        var headers = Headers(date: date ?? string.Empty);
        if (date is null)
        {
            headers.Remove("Date");
        }

        var result = Verify(Verifier(Secret), headers);

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void DefaultDuplicateResponse_Always_Is200Ok()
    {
        var response = Verifier(Secret).DefaultDuplicateResponse;

        Assert.NotNull(response);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("OK", response.Body);
    }

    [Fact]
    public void DefaultIdentity_Always_UuidTransactionTypeResult()
    {
        var identity = Verifier(Secret).DefaultIdentity;

        Assert.Equal(["/uuid", "/transactionType", "/result"], identity);
    }
}
