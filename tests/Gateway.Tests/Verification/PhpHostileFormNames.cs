namespace Gateway.Tests.Verification;

/// <summary>Form field names that PHP reads as another name; the unit tests and the php-cli oracle test share them.</summary>
public static class PhpHostileFormNames
{
    // Field names as a sender writes them in a URL-encoded body (so %00, %20, + and %5B are decoded by PHP first).
    public static readonly string[] All =
    [
        "invoice_id", "invoice.id", "invoice+id", "invoice%20id", "%20invoice_id", "+%20invoice_id", "%09invoice_id",
        "invoice_id[]", "invoice_id[x]", "invoice_id%5B%5D", "invoice_id[%20]", "invoice_id[[]", "invoice_id[a][b]",
        "invoice_id[", "invoice_id]", "invoice[id", "invoice[id]", "invoice[id.x", "invoice.id[", "invoice_id[a.b",
        "invoice_id%20[x]", "invoice_id%00", "invoice_id%00junk", "invoice%00_id", "%20%00invoice_id", "Invoice_id",
        "token", "token[]", "token.", "tok.en", ".token", "Token", "token[a", "token[a][b]", "%20token", "[token]",
        "%20", "a[b.c%20d[e", "x[%20]y", "token%2B", "tok%2Een",
    ];

    public static TheoryData<string> Names => new(All);
}
