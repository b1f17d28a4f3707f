using System.Text.Json;

namespace Gateway.Tests.Fixtures;

/// <summary>Reads the vectors a provider's generator wrote (Fixtures/&lt;provider&gt;/vectors.json), one list at a time.</summary>
public static class VectorFile
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The entries of <paramref name="property"/> in <c>Fixtures/&lt;provider&gt;/vectors.json</c>, keyed by their name.</summary>
    public static Dictionary<string, T> Load<T>(string provider, string property, Func<T, string> name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", provider, "vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty(property).EnumerateArray()
            .Select(v => v.Deserialize<T>(Options)!)
            .ToDictionary(name);
    }
}
