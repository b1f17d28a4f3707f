namespace Gateway.Signer;

/// <summary>The parsed command line: which scheme, what to sign, where to send it, and the scheme's own options.</summary>
internal sealed class SignerArguments
{
    public string Scheme { get; set; } = string.Empty;

    public List<string> Secrets { get; } = [];

    public string? BodyFile { get; set; }

    public string? BodyText { get; set; }

    public Uri Url { get; set; } = null!;

    public bool Send { get; set; }

    public bool PrintHeaders { get; set; }

    public string? WriteBody { get; set; }

    public bool Help { get; set; }

    /// <summary>Unix seconds to sign with instead of now, for deterministic output.</summary>
    public long? Timestamp { get; set; }

    public string? ContentType { get; set; }

    // hmac
    public string? Header { get; set; }

    public string Algorithm { get; set; } = "SHA256";

    public string Encoding { get; set; } = "hex";

    public string Prefix { get; set; } = string.Empty;

    public string? TimestampHeader { get; set; }

    public bool TimestampInMilliseconds { get; set; }

    public string? Template { get; set; }

    // github, standardwebhooks
    public string? Id { get; set; }

    public string Event { get; set; } = "ping";

    // ixopay
    public string? Date { get; set; }

    public bool Md5 { get; set; }

    // crypto2b
    public string? PublicKey { get; set; }

    public long? RecvWindow { get; set; }

    // cryptocloud
    public string? InvoiceId { get; set; }

    public bool Form { get; set; }

    // public-key schemes (fireblocks, circle, binancepay, paypal)
    public string? PrivateKeyFile { get; set; }

    public string? KeyId { get; set; }

    public bool Legacy { get; set; }

    public string? Nonce { get; set; }

    public string? WebhookId { get; set; }

    public string? CertUrl { get; set; }

    /// <summary>The URL as a client sends it: no fragment, escaped as on the wire.</summary>
    public string RequestUrl => Url.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);

    /// <summary>Path and query as they appear in the request line, which is what IXOPAY and Crypto2B sign.</summary>
    public string PathAndQuery => Url.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);
}
