using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using Gateway.Deduplication;
using Gateway.Identity;
using Gateway.TrustedHeaders;

namespace Gateway.Benchmarks;

/// <summary>The steps between verification and the dedup store: the event identity, its key and claim token, and the gateway's own signature.</summary>
[MemoryDiagnoser]
public class IdentityBenchmarks
{
    private SignedCallback _callback = null!;
    private string _identity = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _callback = SignedCallbacks.Hmac(SignedCallbacks.Body, "/data/type", "/data/id", "/data/status");
        if (!EventIdentity.TryExtract(_callback.Policy.Identity, _callback.Request, null, out _identity, out var problem))
        {
            throw new InvalidOperationException($"The identity does not resolve ({problem}); the benchmark would measure a rejection.");
        }
    }

    [Benchmark(Description = "EventIdentity.TryExtract")]
    public string ExtractIdentity()
    {
        EventIdentity.TryExtract(_callback.Policy.Identity, _callback.Request, null, out var identity, out _);
        return identity;
    }

    [Benchmark(Description = "DedupKeys.For")]
    public string DedupKey() => DedupKeys.For(_callback.Settings.Gateway.KeyPrefix, _callback.Policy.Name, _identity);

    [Benchmark(Description = "DedupKeys.NewToken")]
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "BenchmarkDotNet runs benchmarks on an instance, like the others.")]
    public string ClaimToken() => DedupKeys.NewToken();

    [Benchmark(Description = "GatewaySignature.Create")]
    public string SignForBackend() =>
        GatewaySignature.Create(_callback.Settings.SigningKey, _callback.Request.ReceivedAt, _identity, _callback.Request.Body.Span);
}
