using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Gateway.Tests.Verification;

/// <summary>Properties of the CryptoCloud scheme over generated postbacks whose token was not made with the secret.</summary>
public class CryptoCloudPropertyTests
{
    [Property(MaxTest = 300, Arbitrary = new[] { typeof(CryptoCloudArbitraries) })]
    public void Verify_TokenNotMadeWithSecret_NeverVerified(CryptoCloudPostback postback)
    {
        // Arrange: see CryptoCloudArbitraries; every token is forged, unsigned or garbage.
        var body = postback.Body();

        // Act
        var result = CryptoCloudSchemeTests.Verify(body, postback.ContentType);

        // Assert
        Assert.False(result.IsVerified, $"{postback.ContentType}: {body}");
    }
}

/// <summary>A generated postback: its invoice, a token not made with the secret, extra fields, and how it is sent.</summary>
public sealed record CryptoCloudPostback(string Invoice, string Token, (string Name, string Value)[] Extra, bool Form, string ContentType)
{
    public string Body()
    {
        var fields = Extra.Prepend(("token", Token)).Prepend(("invoice_id", Invoice));
        return Form
            ? string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Item1) + "=" + Uri.EscapeDataString(f.Item2)))
            : "{" + string.Join(',', fields.Select(f => System.Text.Json.JsonSerializer.Serialize(f.Item1) + ":" + System.Text.Json.JsonSerializer.Serialize(f.Item2))) + "}";
    }

    public override string ToString() => $"{ContentType}: {Body()}";
}

/// <summary>FsCheck generators of CryptoCloud postbacks with forged tokens.</summary>
public static class CryptoCloudArbitraries
{
    private static readonly Gen<string> Invoices = Gen.OneOf(
        Gen.Elements("89UX09KA", "INV-89UX09KA", "13", ""),
        Gen.Choose(0, 999_999).Select(n => "INV-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static readonly Gen<byte[]> Bytes = Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n));

    private static readonly Gen<string> Names = Gen.Elements("status", "amount_crypto", "currency", "order_id", "invoice_info", "Token", "token[]", "x");

    public static Arbitrary<CryptoCloudPostback> Postbacks() =>
        Invoices.SelectMany(
                invoice => Gen.Choose(0, 4).SelectMany(kind => Bytes.Select(bytes => Forged(kind, invoice, bytes))),
                (invoice, token) => (invoice, token))
            .SelectMany(_ => Gen.ArrayOf(Names.Zip(Invoices), 3), (p, extra) => (p.invoice, p.token, extra))
            .SelectMany(_ => Gen.Elements(("json", CryptoCloudSchemeTests.JsonType), ("form", CryptoCloudSchemeTests.FormType), ("json", ""), ("form", "")), (p, how) =>
                new CryptoCloudPostback(p.invoice, p.token, p.extra, how.Item1 == "form", how.Item2))
            .ToArbitrary();

    /// <summary>A token for the invoice made without the secret: another secret, alg none, random signature bytes, or garbage.</summary>
    private static string Forged(int kind, string invoice, byte[] bytes)
    {
        var payload = CryptoCloudSchemeTests.Payload(invoice);
        var otherSecret = "other-" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        var signed = CryptoCloudSchemeTests.Token(payload, secret: otherSecret);
        var unsigned = WithoutSignature(signed);
        return kind switch
        {
            0 => signed,
            1 => WithoutSignature(CryptoCloudSchemeTests.Token(payload, header: """{"typ":"JWT","alg":"none"}""")),
            2 => unsigned + Convert.ToBase64String(SHA256.HashData(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            3 => unsigned + Convert.ToBase64String(bytes).TrimEnd('='),
            _ => Convert.ToBase64String(bytes),
        };
    }

    private static string WithoutSignature(string token) => token[..(token.LastIndexOf('.') + 1)];
}
