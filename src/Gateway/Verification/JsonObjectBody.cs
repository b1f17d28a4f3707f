using System.Text.Json;
using System.Text.Unicode;

namespace Gateway.Verification;

/// <summary>Parses a body that must be one JSON object, for schemes that sign parsed content rather than bytes.</summary>
internal static class JsonObjectBody
{
    private static readonly JsonDocumentOptions NoDuplicates = new() { AllowDuplicateProperties = false };

    /// <summary>
    /// Parses <paramref name="body"/>; returns null with the document (the caller disposes it), or why it is not a JSON object.
    /// With <paramref name="requireUtf8"/>, bytes that are not UTF-8 are refused first: System.Text.Json does not check the
    /// UTF-8 inside strings, and senders' parsers read each invalid sequence as U+FFFD, so such a body signs like another.
    /// With <paramref name="refuseDuplicates"/>, a key repeated in any object is refused (parsers disagree on which one wins).
    /// </summary>
    public static string? TryParse(ReadOnlyMemory<byte> body, bool requireUtf8, bool refuseDuplicates, out JsonDocument? document)
    {
        document = null;
        if (requireUtf8 && !Utf8.IsValid(body.Span))
        {
            return "body is not valid UTF-8";
        }

        try
        {
            document = refuseDuplicates ? JsonDocument.Parse(body, NoDuplicates) : JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return refuseDuplicates ? "body is not JSON, or holds a duplicate key" : "body is not JSON";
        }

        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            return null;
        }

        document.Dispose();
        document = null;
        return "body is not a JSON object";
    }
}
