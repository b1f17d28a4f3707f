using System.Text.Json;
using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.Scenarios;

/// <summary>
/// Measures <see cref="InMemoryStoreMemory"/> with Gateway.Benchmarks' <c>--store-memory N</c>, in a process of its own:
/// that project can reach the store, which is internal to the gateway, and the heap it measures holds nothing else.
/// </summary>
internal static class InMemoryStoreCost
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public static async Task<InMemoryStoreMemory> MeasureAsync(RepositoryLayout layout, int events)
    {
        var output = await Task.Run(() => Executables.Output("dotnet", layout.BenchmarksAssembly, "--store-memory", events.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        try
        {
            return JsonSerializer.Deserialize<InMemoryStoreMemory>(output, Json) ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"Gateway.Benchmarks --store-memory did not answer with its measurement: {output}");
        }
    }
}
