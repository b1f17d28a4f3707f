using System.Globalization;
using System.Text;

namespace Gateway.Signer.Signers;

/// <summary>
/// The generic HMAC most senders use: <c>--header: {prefix}{digest}</c>, digest = HMAC-{algorithm}(secret, content), hex or
/// base64. Content is the raw body, or the <c>--template</c> (default <c>{timestamp}.{body}</c> when a timestamp header is sent).
/// </summary>
internal sealed class HmacSigner : ISigner
{
    public const string SchemeName = "hmac";
    private const string BodyPlaceholder = "{body}";
    private const string TimestampPlaceholder = "{timestamp}";

    public string Name => SchemeName;

    public string Description => "--header: <prefix><hex|base64 HMAC of the body or of --template>";

    public SignedRequest Sign(SigningInput input)
    {
        var arguments = input.Arguments;
        if (string.IsNullOrWhiteSpace(arguments.Header))
        {
            throw new UsageException("hmac needs --header (the name of the signature header).");
        }

        var algorithm = Digests.ParseAlgorithm(arguments.Algorithm);
        var timestamp = (arguments.TimestampInMilliseconds ? input.Now.ToUnixTimeMilliseconds() : input.UnixSeconds).ToString(CultureInfo.InvariantCulture);
        var template = arguments.Template ?? (arguments.TimestampHeader is null ? BodyPlaceholder : TimestampPlaceholder + "." + BodyPlaceholder);
        var content = Render(template, timestamp, input.Body, arguments.TimestampHeader is not null);
        var signature = arguments.Prefix + Digests.Encode(Digests.Hmac(algorithm, Digests.Utf8(input.Secret), content), arguments.Encoding);

        return arguments.TimestampHeader is null
            ? input.Signed((arguments.Header, signature))
            : input.Signed((arguments.TimestampHeader, timestamp), (arguments.Header, signature));
    }

    /// <summary>Replaces <c>{timestamp}</c> and <c>{body}</c> in the template; every other character is signed literally (UTF-8).</summary>
    private static byte[] Render(string template, string timestamp, byte[] body, bool hasTimestampHeader)
    {
        if (!template.Contains(BodyPlaceholder, StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--template '{template}' must contain {BodyPlaceholder}.");
        }

        using var content = new MemoryStream();
        var rest = template.AsSpan();
        while (!rest.IsEmpty)
        {
            var open = rest.IndexOf('{');
            var literal = open < 0 ? rest : rest[..open];
            content.Write(Encoding.UTF8.GetBytes(literal.ToString()));
            if (open < 0)
            {
                break;
            }

            rest = rest[open..];
            if (rest.StartsWith(BodyPlaceholder, StringComparison.OrdinalIgnoreCase))
            {
                content.Write(body);
                rest = rest[BodyPlaceholder.Length..];
            }
            else if (rest.StartsWith(TimestampPlaceholder, StringComparison.OrdinalIgnoreCase))
            {
                if (!hasTimestampHeader)
                {
                    throw new UsageException($"--template uses {TimestampPlaceholder}, so --timestamp-header is required.");
                }

                content.Write(Encoding.UTF8.GetBytes(timestamp));
                rest = rest[TimestampPlaceholder.Length..];
            }
            else
            {
                throw new UsageException($"--template '{template}' has an unknown placeholder; use {TimestampPlaceholder} and {BodyPlaceholder}.");
            }
        }

        return content.ToArray();
    }
}
