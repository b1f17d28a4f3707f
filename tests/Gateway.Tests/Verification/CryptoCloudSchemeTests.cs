using System.Security.Cryptography;
using System.Text;
using Gateway.Tests.Fixtures;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

public class CryptoCloudSchemeTests
{
    private const string Secret = "cc-secret-key-4f9a1c2e7b3d8a6f5e0c9b2a";
    private const string OldSecret = "cc-old-secret-key-0d1e2f3a4b5c6d7e8f9a";
    private const string Invoice = "89UX09KA";
    internal const string JsonType = "application/json";
    internal const string FormType = "application/x-www-form-urlencoded";
    private const string Hs256Header = """{"typ":"JWT","alg":"HS256"}""";
    private static readonly long Now = VerifierHarness.Now.ToUnixTimeSeconds();

    private static ISignatureVerifier Verifier(params string[] secrets) =>
        VerifierHarness.Create(new CryptoCloudScheme(), (secrets.Length == 0 ? [Secret] : secrets).Select((s, i) => (i, s)).ToDictionary(p => $"Secrets:{p.i}", p => (string?)p.s));

    // Tokens are assembled by hand (base64url, HMAC from System.Security.Cryptography), independent of the library that verifies them.
    internal static string Token(string payload, string header = Hs256Header, string secret = Secret, Func<byte[], byte[], byte[]>? mac = null)
    {
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header)) + "." + Base64Url(Encoding.UTF8.GetBytes(payload));
        var signature = (mac ?? HMACSHA256.HashData)(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signingInput));
        return signingInput + "." + Base64Url(signature);
    }

    internal static string Payload(string id = Invoice, long? exp = null) => $$"""{"id":"{{id}}","exp":{{exp ?? Now + 300}}}""";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string JsonBody(string token, string invoiceId = Invoice, string status = "success") =>
        $$"""{"status":"{{status}}","invoice_id":"{{invoiceId}}","amount_crypto":0.000113,"currency":"BNB","order_id":"ORDER_93223","token":"{{token}}","invoice_info":{"uuid":"INV-{{invoiceId}}","currency":{"code":"BNB","network":{"code":"BSC"} } } }""";

    private static string FormBody(string token, string invoiceId = Invoice) =>
        $"status=success&invoice_id={Uri.EscapeDataString(invoiceId)}&amount_crypto=0.000113&currency=BNB&order_id=ORDER_93223&token={Uri.EscapeDataString(token)}";

    /// <summary>The template with {inv} as the invoice and {token} as a valid token for it, written by <paramref name="write"/>.</summary>
    private static string FromTemplate(string template, Func<string, string> write) =>
        template.Replace("{inv}", Invoice, StringComparison.Ordinal).Replace("{token}", write(Token(Payload())), StringComparison.Ordinal);

    internal static VerificationResult Verify(string body, string contentType = JsonType, ISignatureVerifier? verifier = null, DateTimeOffset? at = null)
    {
        var headers = contentType.Length == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Content-Type"] = contentType };
        return (verifier ?? Verifier()).Verify(VerifierHarness.Request(body, headers, at: at));
    }

    [Fact]
    public void Verify_JsonPostback_VerifiedWithInvoiceAsIdentity()
    {
        var result = Verify(JsonBody(Token(Payload())));

        Assert.Equal(VerificationStatus.Verified, result.Status);
        Assert.Equal(Invoice, result.Identity);
    }

    [Fact]
    public void Verify_FormPostback_Verified()
    {
        var result = Verify(FormBody(Token(Payload())), FormType);

        Assert.Equal(VerificationStatus.Verified, result.Status);
        Assert.Equal(Invoice, result.Identity);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("form")]
    public void Verify_NoContentType_FormatSniffed(string format)
    {
        var token = Token(Payload());

        var result = Verify(format == "json" ? " \n" + JsonBody(token) : FormBody(token), contentType: string.Empty);

        Assert.Equal(VerificationStatus.Verified, result.Status);
    }

    [Theory]
    [InlineData("INV-89UX09KA", "89UX09KA")]
    [InlineData("89UX09KA", "INV-89UX09KA")]
    [InlineData("INV-89UX09KA", "INV-89UX09KA")]
    public void Verify_InvPrefixOnEitherSide_VerifiedWithoutPrefix(string tokenId, string invoiceId)
    {
        var result = Verify(JsonBody(Token(Payload(tokenId)), invoiceId));

        Assert.Equal(VerificationStatus.Verified, result.Status);
        Assert.Equal(Invoice, result.Identity);
    }

    [Fact]
    public void Verify_NumericIdClaim_ComparedAsText()
    {
        var result = Verify(JsonBody(Token($$"""{"id":13,"exp":{{Now + 300}}}"""), "13"));

        Assert.Equal(VerificationStatus.Verified, result.Status);
        Assert.Equal("13", result.Identity);
    }

    [Theory]
    [InlineData("89UX09KB")]
    [InlineData("89ux09ka")]
    [InlineData("inv-89UX09KA")]
    [InlineData("")]
    public void Verify_TokenForAnotherInvoice_Invalid(string invoiceId)
    {
        var result = Verify(JsonBody(Token(Payload()), invoiceId));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_TokenWithoutId_Invalid()
    {
        var result = Verify(JsonBody(Token($$"""{"exp":{{Now + 300}}}""")));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_InvoiceIdMissing_Invalid()
    {
        var result = Verify(FormBody(Token(Payload())).Replace("invoice_id=", "invoice=", StringComparison.Ordinal), FormType);

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("form")]
    public void Verify_MissingToken_Invalid(string format)
    {
        var body = format == "json"
            ? """{"status":"success","invoice_id":"89UX09KA"}"""
            : "status=success&invoice_id=89UX09KA";

        var result = Verify(body, format == "json" ? JsonType : FormType);

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [InlineData(-31, "Stale")]
    [InlineData(-29, "Verified")]
    public void Verify_ExpiredToken_StaleBeyondClockSkew(int expiresInSeconds, string expected)
    {
        var result = Verify(JsonBody(Token(Payload(exp: Now + expiresInSeconds))));

        Assert.Equal(Enum.Parse<VerificationStatus>(expected), result.Status);
    }

    [Fact]
    public void Verify_TokenNotYetValid_Stale()
    {
        var result = Verify(JsonBody(Token($$"""{"id":"{{Invoice}}","nbf":{{Now + 60}},"exp":{{Now + 360}}}""")));

        Assert.Equal(VerificationStatus.Stale, result.Status);
    }

    [Fact]
    public void Verify_TokenWithoutExp_Invalid()
    {
        var result = Verify(JsonBody(Token($$"""{"id":"{{Invoice}}"}""")));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [InlineData("")]
    [InlineData("c2lnbmF0dXJl")]
    public void Verify_AlgNoneToken_Invalid(string signature)
    {
        var unsigned = Token(Payload(), header: """{"typ":"JWT","alg":"none"}""");
        var token = unsigned[..(unsigned.LastIndexOf('.') + 1)] + signature;

        var result = Verify(JsonBody(token));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [InlineData("HS512")]
    [InlineData("HS384")]
    public void Verify_OtherHmacAlgorithmWithRightSecret_Invalid(string alg)
    {
        Func<byte[], byte[], byte[]> mac = alg == "HS512" ? HMACSHA512.HashData : HMACSHA384.HashData;

        var result = Verify(JsonBody(Token(Payload(), header: $$"""{"typ":"JWT","alg":"{{alg}}"}""", mac: mac)));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("ES256")]
    public void Verify_AsymmetricAlgHmacSignedWithSecret_Invalid(string alg)
    {
        // Key confusion: an asymmetric alg whose "signature" is an HMAC keyed with the shared secret.
        var result = Verify(JsonBody(Token(Payload(), header: $$"""{"typ":"JWT","alg":"{{alg}}"}""")));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Fact]
    public void Verify_TokenSignedWithWrongSecret_Invalid()
    {
        var result = Verify(JsonBody(Token(Payload(), secret: "cc-wrong-secret-key-00000000000000000")));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Verify_OneTokenPartChanged_NotVerified(int part)
    {
        var parts = Token(Payload()).Split('.');
        var other = Token(Payload("89UX09KB"), header: """{"alg":"HS256","typ":"JWT"}""").Split('.');
        parts[part] = other[part];

        var result = Verify(JsonBody(string.Join('.', parts)));

        Assert.Equal(VerificationStatus.InvalidSignature, result.Status);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    public void Verify_TokenNotAJwt_Malformed(string token)
    {
        var result = Verify(JsonBody(token));

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void Verify_RotatedSecrets_EitherVerifies()
    {
        var withNew = Verify(JsonBody(Token(Payload(), secret: Secret)), verifier: Verifier(OldSecret, Secret));
        var withOld = Verify(JsonBody(Token(Payload(), secret: OldSecret)), verifier: Verifier(OldSecret, Secret));

        Assert.Equal(VerificationStatus.Verified, withNew.Status);
        Assert.Equal(VerificationStatus.Verified, withOld.Status);
    }

    [Fact]
    public void Verify_StatusChangedInReplay_SameIdentity()
    {
        var token = Token(Payload());

        var original = Verify(JsonBody(token, status: "success"));
        var replay = Verify(JsonBody(token, status: "overpaid"));

        Assert.Equal(VerificationStatus.Verified, replay.Status);
        Assert.Equal(original.Identity, replay.Identity);
    }

    [Theory]
    [InlineData("""{"invoice_id":"89UX09KA","invoice_id":"89UX09KB","token":"{token}"}""", JsonType)]
    [InlineData("invoice_id=89UX09KA&invoice_id=89UX09KB&token={token}", FormType)]
    [InlineData("invoice_id=89UX09KA&token={token}&token={token}", FormType)]
    public void Verify_FieldRepeated_Malformed(string template, string contentType)
    {
        var result = Verify(template.Replace("{token}", Token(Payload()), StringComparison.Ordinal), contentType);

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Theory]
    [InlineData("invoice_id={inv}&invoice.id=89UX09KB&token={token}")]
    [InlineData("invoice_id={inv}&invoice+id=89UX09KB&token={token}")]
    [InlineData("invoice_id={inv}&%20invoice_id=89UX09KB&token={token}")]
    [InlineData("invoice_id={inv}&invoice_id[]=89UX09KB&token={token}")]
    [InlineData("invoice_id={inv}&invoice_id%5Bx%5D=89UX09KB&token={token}")]
    [InlineData("invoice_id={inv}&invoice[id=89UX09KB&token={token}")]
    [InlineData("invoice_id={inv}&invoice_id%00x=89UX09KB&token={token}")]
    [InlineData("invoice.id=89UX09KB&invoice_id={inv}&token={token}")]
    [InlineData("invoice_id={inv}&Invoice_Id=89UX09KB&token={token}")]
    [InlineData("invoice_id={inv}&token={token}&token[]=x")]
    [InlineData("invoice_id={inv}&token={token}&%20token=x")]
    [InlineData("invoice.id={inv}&token={token}")]
    [InlineData("invoice_id[]={inv}&token={token}")]
    public void Verify_FormFieldPhpReadsAsBoundField_Malformed(string template)
    {
        // PHP ($_POST, parse_str) reads each of these names as invoice_id or token: the backend could read another invoice
        // than the one bound to the token (for the first template PHP's invoice_id is 89UX09KB; the gateway bound 89UX09KA).
        var body = FromTemplate(template, Uri.EscapeDataString);

        var result = Verify(body, FormType);

        Assert.Equal(VerificationStatus.Malformed, result.Status);
        Assert.Contains("PHP reads as", result.Reason ?? string.Empty, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(PhpHostileFormNames.Names), MemberType = typeof(PhpHostileFormNames))]
    public void Verify_FieldBesideRealOnes_RefusedWhenPhpReadsAnotherInvoiceOrToken(string name)
    {
        // What an attacker sends: a captured postback's invoice_id and token, then one more field. Wherever PHP's parse_str
        // then reads another invoice_id or token than these, the gateway must refuse the body (it may refuse more).
        const string Script = """
            parse_str(stream_get_contents(STDIN), $fields);
            $expected = json_decode($argv[1], true);
            echo ($fields['invoice_id'] ?? null) === $expected[0] && ($fields['token'] ?? null) === $expected[1] ? 'same' : 'other';
            """;
        var token = Token(Payload());
        var body = $"invoice_id={Invoice}&token={Uri.EscapeDataString(token)}&{name}=89UX09KB";

        var result = Verify(body, FormType);
        var phpReads = Php.Run(Script, body, System.Text.Json.JsonSerializer.Serialize(new[] { Invoice, token }));

        Assert.True(phpReads == "same" || result.Status == VerificationStatus.Malformed, $"PHP reads another invoice_id or token beside '{name}', yet the gateway says {result.Status}");
    }

    [Theory]
    [InlineData("invoice_info[uuid]=INV-{inv}&invoice_id={inv}&tok.en=1&tokens=2&invoice=3&token={token}")]
    [InlineData("status=success&invoice_id={inv}&token={token}&invoice_id_=x&token_a=y")]
    public void Verify_FormWithOtherFieldNames_Verified(string template)
    {
        var body = FromTemplate(template, Uri.EscapeDataString);

        var result = Verify(body, FormType);

        Assert.Equal(VerificationStatus.Verified, result.Status);
        Assert.Equal(Invoice, result.Identity);
    }

    [Theory]
    [InlineData("""{"invoice_id":"{inv}","Invoice_id":"89UX09KB","token":"{token}"}""")]
    [InlineData("""{"INVOICE_ID":"89UX09KB","invoice_id":"{inv}","token":"{token}"}""")]
    [InlineData("""{"invoice_id":"{inv}","token":"{token}","Token":"x"}""")]
    [InlineData("""{"Invoice_id":"{inv}","token":"{token}"}""")]
    [InlineData("""{"invoice_id":"{inv}","token":"{token}","to\u212Aen":"x"}""")]
    [InlineData("""{"\u0131nvoice_id":"89UX09KB","invoice_id":"{inv}","token":"{token}"}""")]
    [InlineData("""{"invoice_id":"{inv}","token":"{token}","status":"success","Status":"fail"}""")]
    public void Verify_JsonNamesEqualIgnoringCase_Malformed(string template)
    {
        // Backends that lower-case or case-fold keys would read either name.
        var body = FromTemplate(template, t => t);

        var result = Verify(body, JsonType);

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=X")]
    [InlineData("Multipart/Form-Data; boundary=X")]
    public void Verify_MultipartBody_Malformed(string contentType)
    {
        // PHP reads the part (invoice 89UX09KB); read as a URL-encoded form, the same bytes show token and invoice 89UX09KA.
        var body = $"--X\r\nContent-Disposition: form-data; name=\"invoice_id\"\r\n\r\n89UX09KB\r\n--X--\r\n&invoice_id={Invoice}&token={Uri.EscapeDataString(Token(Payload()))}";

        var result = Verify(body, contentType);

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("{\"token\":")]
    [InlineData("not json")]
    public void Verify_JsonBodyNotAnObject_Malformed(string body)
    {
        var result = Verify(body, JsonType);

        Assert.Equal(VerificationStatus.Malformed, result.Status);
    }

    [Fact]
    public void SignsBody_OnlyTokenSigned_False()
    {
        Assert.False(Verifier().SignsBody);
    }

    [Fact]
    public void Create_NegativeClockSkew_ReportsError()
    {
        VerifierHarness.TryCreate(new CryptoCloudScheme(), new Dictionary<string, string?> { ["Secrets:0"] = Secret, ["ClockSkew"] = "-00:00:05" }, out var errors);

        Assert.Contains(errors, e => e.Contains("ClockSkew", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_SecretShorterThan256Bits_ReportsError()
    {
        VerifierHarness.TryCreate(new CryptoCloudScheme(), new Dictionary<string, string?> { ["Secrets:0"] = Secret, ["Secrets:1"] = "short" }, out var errors);

        Assert.Contains(errors, e => e.Contains("Secrets:1", StringComparison.Ordinal));
    }
}
