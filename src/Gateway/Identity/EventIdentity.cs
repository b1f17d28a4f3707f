using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Verification;
using Microsoft.AspNetCore.WebUtilities;

namespace Gateway.Identity;

/// <summary>
/// Derives an event's identity from signed content: the policy's selectors (JSON pointers, form fields, signed headers),
/// else the identity the scheme derived itself, else the SHA-256 of the body. Each part is percent-escaped and the parts
/// are joined with ':', so the identity is unambiguous and safe to send as a header.
/// </summary>
internal static class EventIdentity
{
    /// <summary>Identities longer than this are sent (not stored: keys are hashed anyway) as their hash.</summary>
    private const int MaxHeaderLength = 512;
    private const string HashPrefix = "sha256:";

    /// <summary>The event's identity; false, with the reason, when a selected part is missing, empty or ambiguous.</summary>
    /// <remarks>A scheme's own identity (<paramref name="schemeIdentity"/>) is already written by <see cref="IdentityText.Join"/>.</remarks>
    public static bool TryExtract(IReadOnlyList<IdentitySelector> selectors, in CallbackRequest request, string? schemeIdentity, out string identity, out string? problem)
    {
        problem = null;
        if (selectors.Count == 0)
        {
            identity = schemeIdentity is null ? Hash(request.Body.Span) : Shorten(schemeIdentity);
            return true;
        }

        identity = string.Empty;
        var parts = new string[selectors.Count];
        JsonDocument? json = null;
        Dictionary<string, Microsoft.Extensions.Primitives.StringValues>? form = null;
        try
        {
            for (var i = 0; i < parts.Length; i++)
            {
                var selector = selectors[i];
                string? value;
                switch (selector.Source)
                {
                    case IdentitySource.JsonPointer:
                        json ??= ParseJson(request.Body);
                        value = json is null ? null : Resolve(json.RootElement, selector.PointerSegments);
                        break;
                    case IdentitySource.FormField:
                        form ??= QueryHelpers.ParseQuery(Encoding.UTF8.GetString(request.Body.Span));
                        value = form.TryGetValue(selector.Name, out var values) && values.Count == 1 ? values[0] : null;
                        break;
                    default:
                        var header = request.Headers[selector.Name];
                        value = header.Count == 1 ? header[0] : null;
                        break;
                }

                if (string.IsNullOrEmpty(value))
                {
                    problem = $"identity field {selector} is missing, empty or ambiguous";
                    return false;
                }

                parts[i] = value;
            }
        }
        finally
        {
            json?.Dispose();
        }

        identity = Shorten(IdentityText.Join(parts));
        return true;
    }

    private static JsonDocument? ParseJson(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Resolve(JsonElement element, string[] segments)
    {
        foreach (var segment in segments)
        {
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(segment, out var child))
            {
                element = child;
            }
            else if (element.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var index) && index >= 0 && index < element.GetArrayLength())
            {
                element = element[index];
            }
            else
            {
                return null;
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.ValueEquals(string.Empty) ? null : StringOrRaw(element),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => element.GetRawText(), // numbers keep the sender's text; true/false; objects as sent
        };
    }

    /// <summary>The string's value; its raw JSON text when it holds an escaped lone surrogate that no .NET string can carry.</summary>
    private static string StringOrRaw(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return element.GetRawText();
        }
    }

    private static string Hash(ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        return HashPrefix + Convert.ToHexStringLower(hash);
    }

    private static string Shorten(string identity) =>
        identity.Length <= MaxHeaderLength ? identity : Hash(Encoding.UTF8.GetBytes(identity));
}
