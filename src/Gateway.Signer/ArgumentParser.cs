using System.Globalization;
using System.Text;
using Gateway.Signer.Signers;

namespace Gateway.Signer;

/// <summary>
/// Parses <c>&lt;scheme&gt; --option value …</c> by hand, from one table that also writes <c>--help</c>. Each option names the
/// schemes it applies to, so an option given to the wrong scheme is an error rather than silently ignored.
/// </summary>
internal static class ArgumentParser
{
    private const string Hmac = HmacSigner.SchemeName;
    private const string GitHub = GitHubSigner.SchemeName;
    private const string StandardWebhooks = StandardWebhooksSigner.SchemeName;
    private const string Ixopay = IxopaySigner.SchemeName;
    private const string Crypto2B = Crypto2BSigner.SchemeName;
    private const string Spell = SpellSigner.SchemeName;
    private const string CryptoCloud = CryptoCloudSigner.SchemeName;
    private const string Fireblocks = FireblocksSigner.SchemeName;
    private const string Circle = CircleSigner.SchemeName;
    private const string BinancePay = BinancePaySigner.SchemeName;
    private const string PayPal = PayPalSigner.SchemeName;

    private static readonly Option[] Options =
    [
        new("--secret", "S", "signing secret (required, except where --private-key is); repeat for rotation: stripe and standardwebhooks send one signature per secret", [], (a, v) => a.Secrets.Add(v), Repeatable: true),
        new("--body", "FILE", "the body, read from FILE as raw bytes (or --body-text)", [], (a, v) => a.BodyFile = v),
        new("--body-text", "TEXT", "the body as UTF-8 text", [], (a, v) => a.BodyText = v),
        new("--url", "URL", "the full gateway URL, e.g. http://127.0.0.1:5000/callbacks/ixopay?x=1 (required)", [], (a, v) => a.Url = AbsoluteUrl(v)),
        new("--send", null, "send the request and print the status and response body (default: print a curl command)", [], (a, _) => a.Send = true),
        new("--print-headers", null, "print only the headers, one 'Name: value' a line", [], (a, _) => a.PrintHeaders = true),
        new("--write-body", "FILE", "also write the body as sent to FILE (cryptocloud rewrites it)", [], (a, v) => a.WriteBody = v),
        new("--timestamp", "UNIX", "sign at this Unix time in seconds instead of now", [], (a, v) => a.Timestamp = Integer("--timestamp", v)),
        new("--content-type", "TYPE", "Content-Type to send (and sign, for ixopay)", [], (a, v) => a.ContentType = v),
        new("--header", "NAME", "signature header name (required)", [Hmac], (a, v) => a.Header = v),
        new("--algorithm", "ALG", "SHA1, SHA256 (default) or SHA512", [Hmac], (a, v) => a.Algorithm = v),
        new("--encoding", "ENC", "digest encoding: hex (default) or base64", [Hmac, Spell], (a, v) => a.Encoding = v),
        new("--prefix", "P", "text before the digest, e.g. sha256=", [Hmac], (a, v) => a.Prefix = v),
        new("--timestamp-header", "NAME", "also send the timestamp in this header", [Hmac], (a, v) => a.TimestampHeader = v),
        new("--timestamp-ms", null, "the timestamp header is in Unix milliseconds", [Hmac], (a, _) => a.TimestampInMilliseconds = true),
        new("--template", "T", "signed content, e.g. \"{timestamp}.{body}\" (default {body}, or {timestamp}.{body} with --timestamp-header)", [Hmac], (a, v) => a.Template = v),
        new("--id", "ID", "webhook-id / X-GitHub-Delivery / PAYPAL-TRANSMISSION-ID (default: random)", [StandardWebhooks, GitHub, PayPal], (a, v) => a.Id = v),
        new("--event", "NAME", "X-GitHub-Event (default ping)", [GitHub], (a, v) => a.Event = v),
        new("--date", "DATE", "Date header exactly as sent and signed (default: the signing time, RFC 1123)", [Ixopay], (a, v) => a.Date = v),
        new("--md5", null, "hash the body with MD5 (IXOPAY's old algorithm) instead of SHA-512", [Ixopay], (a, _) => a.Md5 = true),
        new("--public-key", "KEY", "X-Processing-Key (required)", [Crypto2B], (a, v) => a.PublicKey = v),
        new("--recv-window", "MS", "send and sign X-Processing-RecvWindow", [Crypto2B], (a, v) => a.RecvWindow = Integer("--recv-window", v)),
        new("--invoice-id", "ID", "the token's id claim (default: the body's invoice_id)", [CryptoCloud], (a, v) => a.InvoiceId = v),
        new("--private-key", "FILE", "the PEM private key the public-key schemes sign with (required for them)", [Fireblocks, Circle, BinancePay, PayPal], (a, v) => a.PrivateKeyFile = v),
        new("--key-id", "ID", "the key's name: JWS kid (fireblocks, optional), X-Circle-Key-Id, BinancePay-Certificate-SN (required)", [Fireblocks, Circle, BinancePay], (a, v) => a.KeyId = v),
        new("--nonce", "N", "BinancePay-Nonce (default: 32 random letters)", [BinancePay], (a, v) => a.Nonce = v),
        new("--webhook-id", "ID", "the id PayPal gave the webhook (required; signed)", [PayPal], (a, v) => a.WebhookId = v),
        new("--cert-url", "URL", "PAYPAL-CERT-URL to send (the gateway never fetches it)", [PayPal], (a, v) => a.CertUrl = v),
        new("--legacy", null, "send the legacy Fireblocks-Signature instead of the v2 JWS", [Fireblocks], (a, _) => a.Legacy = true),
        new("--form", null, "send application/x-www-form-urlencoded fields from the JSON object body", [CryptoCloud], (a, _) => a.Form = true),
    ];

    /// <summary>Parses the command line; <see cref="SignerArguments.Help"/> is set when help was asked for, and nothing else is checked then.</summary>
    /// <exception cref="UsageException">The command line is incomplete or wrong; the message says how.</exception>
    public static SignerArguments Parse(IReadOnlyList<string> args)
    {
        var arguments = new SignerArguments();
        if (args.Count > 0 && IsHelp(args[0]))
        {
            arguments.Help = true;
            return arguments;
        }

        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            throw new UsageException($"The first argument must be the scheme: {SchemeNames}.");
        }

        var signer = SignerCatalog.Find(args[0]) ?? throw new UsageException($"Unknown scheme '{args[0]}'; use one of {SchemeNames}.");
        arguments.Scheme = signer.Name;

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var (name, inlineValue) = SplitInlineValue(args[i]);
            if (IsHelp(name))
            {
                arguments.Help = true;
                return arguments;
            }

            var option = Array.Find(Options, o => o.Name == name)
                ?? throw new UsageException(args[i].StartsWith('-') ? $"Unknown option '{name}'." : $"Unexpected argument '{args[i]}'.");
            if (option.Schemes.Length > 0 && !option.Schemes.Contains(signer.Name))
            {
                throw new UsageException($"{name} applies only to {string.Join(", ", option.Schemes)}, not to {signer.Name}.");
            }

            if (!seen.Add(name) && !option.Repeatable)
            {
                throw new UsageException($"{name} is given twice.");
            }

            string value;
            if (option.Value is null)
            {
                value = inlineValue is null ? string.Empty : throw new UsageException($"{name} takes no value.");
            }
            else if (inlineValue is not null)
            {
                value = inlineValue;
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"{name} needs a value ({option.Value}).");
            }

            option.Apply(arguments, value);
        }

        Validate(arguments, signer);
        return arguments;
    }

    /// <summary>The text of <c>--help</c>, written from the option table.</summary>
    public static string Help()
    {
        var text = new StringBuilder();
        text.AppendLine("Signs a callback as a provider would, for testing the Callback Gateway.");
        text.AppendLine();
        text.AppendLine("Usage: dotnet run --project src/Gateway.Signer -- <scheme> (--secret S [--secret S2] | --private-key FILE) (--body FILE | --body-text TEXT) --url URL [--send | --print-headers] [options]");
        text.AppendLine();
        text.AppendLine("Without --send it prints a curl command; with --send it posts the request and prints the status and response body.");
        text.AppendLine("Exit codes: 0 done (with --send: a 2xx answer), 1 non-2xx answer or request failed, 2 bad arguments or inputs.");
        text.AppendLine();
        text.AppendLine("Schemes:");
        foreach (var signer in SignerCatalog.All)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {signer.Name,-17}").AppendLine(signer.Description);
        }

        text.AppendLine();
        text.AppendLine("Options:");
        foreach (var option in Options)
        {
            var usage = option.Value is null ? option.Name : $"{option.Name} {option.Value}";
            var schemes = option.Schemes.Length == 0 ? string.Empty : $" [{string.Join(", ", option.Schemes)}]";
            text.Append(CultureInfo.InvariantCulture, $"  {usage,-26}").Append(option.Help).AppendLine(schemes);
        }

        text.AppendLine("  --help, -h                this text");
        return text.ToString();
    }

    private static string SchemeNames => string.Join(", ", SignerCatalog.All.Select(s => s.Name));

    private static void Validate(SignerArguments arguments, ISigner signer)
    {
        if (signer.UsesPrivateKey)
        {
            if (arguments.Secrets.Count > 0 || arguments.PrivateKeyFile is null)
            {
                throw new UsageException($"{signer.Name} signs with a private key: give --private-key FILE (PEM), not --secret.");
            }
        }
        else if (arguments.Secrets.Count == 0)
        {
            throw new UsageException("--secret is required.");
        }

        if (arguments.Secrets.Count > 1 && !signer.SignsWithSeveralSecrets)
        {
            throw new UsageException($"{signer.Name} sends one signature, so it takes one --secret.");
        }

        if ((arguments.BodyFile is null) == (arguments.BodyText is null))
        {
            throw new UsageException("Give the body with exactly one of --body FILE or --body-text TEXT.");
        }

        if (arguments.Url is null)
        {
            throw new UsageException("--url is required (the full gateway URL, e.g. http://127.0.0.1:5000/callbacks/github).");
        }

        if (arguments.Send && arguments.PrintHeaders)
        {
            throw new UsageException("Use either --send or --print-headers, not both.");
        }
    }

    private static bool IsHelp(string arg) => arg is "--help" or "-h" or "help";

    private static (string Name, string? Value) SplitInlineValue(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 2 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }

    private static Uri AbsoluteUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new UsageException($"--url '{value}' is not an absolute http(s) URL.");

    private static long Integer(string name, string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new UsageException($"{name} '{value}' is not a whole non-negative number.");

    /// <summary>One option: its value's placeholder in help (null for a flag) and the schemes it applies to (empty: all).</summary>
    private sealed record Option(string Name, string? Value, string Help, string[] Schemes, Action<SignerArguments, string> Apply, bool Repeatable = false);
}
