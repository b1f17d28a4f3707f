using BenchmarkDotNet.Attributes;
using Gateway.Verification;

namespace Gateway.Benchmarks;

/// <summary>A policy's verifier on a correctly signed callback, for every scheme: the first step of every callback.</summary>
[MemoryDiagnoser]
public class VerifyBenchmarks
{
    private ISignatureVerifier _verifier = null!;
    private CallbackRequest _request;

    public static IEnumerable<string> Schemes => SignedCallbacks.ByScheme.Keys;

    [ParamsSource(nameof(Schemes))]
    public string Scheme { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var callback = SignedCallbacks.ByScheme[Scheme]();
        _verifier = callback.Policy.Verifier;
        _request = callback.Request;
    }

    [Benchmark]
    public bool Verify() => _verifier.Verify(in _request).IsVerified;
}
