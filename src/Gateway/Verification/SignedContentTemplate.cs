using System.Text;

namespace Gateway.Verification;

/// <summary>
/// A signed-content template such as <c>{timestamp}.{body}</c> or <c>{url}{body}</c>: literals, the timestamp's value, the
/// public URL the sender called (see <see cref="NotificationUrl"/>) and the raw body.
/// </summary>
internal static class SignedContentTemplate
{
    public static bool TryParse(string template, out Part[] parts, out string? problem)
    {
        var list = new List<Part>();
        problem = null;
        var rest = template.AsSpan();
        while (!rest.IsEmpty)
        {
            var open = rest.IndexOf('{');
            if (open < 0)
            {
                list.Add(Part.Literal(rest));
                break;
            }

            if (open > 0)
            {
                list.Add(Part.Literal(rest[..open]));
            }

            var close = rest.IndexOf('}');
            if (close < open)
            {
                problem = $"SignedContent '{template}' has an unclosed placeholder.";
                break;
            }

            var name = rest[(open + 1)..close];
            if (name.Equals("body", StringComparison.OrdinalIgnoreCase))
            {
                list.Add(new Part(TemplatePartKind.Body, []));
            }
            else if (name.Equals("timestamp", StringComparison.OrdinalIgnoreCase))
            {
                list.Add(new Part(TemplatePartKind.Timestamp, []));
            }
            else if (name.Equals("url", StringComparison.OrdinalIgnoreCase))
            {
                list.Add(new Part(TemplatePartKind.Url, []));
            }
            else
            {
                problem = $"SignedContent '{template}' has the unknown placeholder '{{{name}}}'; use {{timestamp}}, {{url}} and {{body}}.";
                break;
            }

            rest = rest[(close + 1)..];
        }

        parts = [.. list];
        if (problem is null && !parts.Any(p => p.Kind == TemplatePartKind.Body))
        {
            problem = $"SignedContent '{template}' must contain {{body}}.";
        }

        return problem is null;
    }

    /// <summary>Writes the signed content for one request.</summary>
    public static ContentBuilder Build(Part[] parts, ReadOnlySpan<byte> body, ReadOnlySpan<char> timestamp, ReadOnlySpan<char> url)
    {
        var builder = new ContentBuilder(body.Length + url.Length + 64);
        foreach (var part in parts)
        {
            switch (part.Kind)
            {
                case TemplatePartKind.Body:
                    builder.Append(body);
                    break;
                case TemplatePartKind.Timestamp:
                    builder.AppendUtf8(timestamp);
                    break;
                case TemplatePartKind.Url:
                    builder.AppendUtf8(url);
                    break;
                default:
                    builder.Append(part.Bytes);
                    break;
            }
        }

        return builder;
    }

    /// <summary>One piece of a template.</summary>
    public readonly record struct Part(TemplatePartKind Kind, byte[] Bytes)
    {
        public static Part Literal(ReadOnlySpan<char> text) => new(TemplatePartKind.Literal, Encoding.UTF8.GetBytes(text.ToArray()));
    }
}
