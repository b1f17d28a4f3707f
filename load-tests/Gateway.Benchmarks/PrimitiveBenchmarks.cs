using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace Gateway.Benchmarks;

/// <summary>The bare one-shot MACs on the same 296-byte body: the floor under each scheme's Verify.</summary>
[MemoryDiagnoser]
public class PrimitiveBenchmarks
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(SignedCallbacks.Secret);
    private readonly byte[] _body = Encoding.UTF8.GetBytes(SignedCallbacks.Body);
    private readonly byte[] _mac = new byte[SHA512.HashSizeInBytes];

    [Benchmark(Description = "HMACSHA256.HashData")]
    public int HmacSha256() => HMACSHA256.HashData(_key, _body, _mac);

    [Benchmark(Description = "HMACSHA512.HashData")]
    public int HmacSha512() => HMACSHA512.HashData(_key, _body, _mac);
}
