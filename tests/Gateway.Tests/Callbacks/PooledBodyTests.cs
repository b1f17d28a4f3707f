using Gateway.Callbacks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Gateway.Model;

namespace Gateway.Tests.Callbacks;

/// <summary>The body step on its own: growth with the bytes received, the caps, and the budget it holds.</summary>
public sealed class PooledBodyTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(100_000)]
    [InlineData(1024 * 1024)]
    public async Task ReadAsync_ChunkedBodyUpToTheCap_ReadsEveryByte(int size)
    {
        var budget = Budget(8 * 1024 * 1024);
        var bytes = Bytes(size);

        var (body, outcome) = await PooledBody.ReadAsync(new TrickleStream(bytes, 1000), null, 1024 * 1024, budget, default);

        Assert.Equal(PooledBody.Outcome.Read, outcome);
        Assert.Equal(bytes, body!.Memory.ToArray());
        Assert.InRange(body.Buffer.Length, size, Math.Max(2L * size, 4096));
        body.Dispose();
        Assert.Equal(0, budget.Reserved);
    }

    [Fact]
    public async Task ReadAsync_ChunkedBodyOneByteOverTheCap_TooLargeAndNothingHeld()
    {
        var budget = Budget(8 * 1024 * 1024);

        var (body, outcome) = await PooledBody.ReadAsync(new TrickleStream(Bytes(65537), 4096), null, 65536, budget, default);

        Assert.Null(body);
        Assert.Equal(PooledBody.Outcome.TooLarge, outcome);
        Assert.Equal(0, budget.Reserved);
    }

    [Fact]
    public async Task ReadAsync_DeclaredLengthOverTheCap_TooLargeBeforeReading()
    {
        var stream = new TrickleStream(Bytes(10), 10);

        var (_, outcome) = await PooledBody.ReadAsync(stream, 2000, 1000, Budget(1 << 20), default);

        Assert.Equal(PooledBody.Outcome.TooLarge, outcome);
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public async Task ReadAsync_LargeDeclaredLength_RentsOnlyAFirstBlockUntilBytesArrive()
    {
        var budget = Budget(1 << 30);
        var stalled = new StallingStream(Bytes(100));

        var reading = PooledBody.ReadAsync(stalled, 1024 * 1024, 1024 * 1024, budget, default);
        await stalled.Stalled;

        Assert.InRange(budget.Reserved, 1, 4096); // not the declared megabyte, not twice it
        stalled.Release();
        await Assert.ThrowsAsync<IOException>(() => reading);
        Assert.Equal(0, budget.Reserved);
    }

    [Fact]
    public async Task ReadAsync_BudgetSpent_OverBudgetAndNothingHeld()
    {
        var budget = Budget(16 * 1024);
        Assert.True(budget.TryReserve(12 * 1024));

        var (body, outcome) = await PooledBody.ReadAsync(new TrickleStream(Bytes(10_000), 1000), null, 1 << 20, budget, default);

        Assert.Null(body);
        Assert.Equal(PooledBody.Outcome.OverBudget, outcome);
        Assert.Equal(12 * 1024, budget.Reserved);
    }

    private static byte[] Bytes(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private static BodyBudget Budget(long bytes)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Gateway:MaxBufferedBodyBytes"] = bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            .Build();
        var monitor = new CallbackSettingsMonitor(configuration, new CallbackSettingsLoader([]), NullLogger<CallbackSettingsMonitor>.Instance);
        return new BodyBudget(monitor);
    }

    /// <summary>Hands out at most <c>chunk</c> bytes per read, as a network does.</summary>
    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes, writable: false)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }

    /// <summary>Sends a few bytes, then stalls until released, then fails as a dropped connection does.</summary>
    private sealed class StallingStream(byte[] first) : MemoryStream(first, writable: false)
    {
        private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Stalled => _stalled.Task;

        public void Release() => _released.TrySetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await base.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                return read;
            }

            _stalled.TrySetResult();
            await _released.Task;
            throw new IOException("connection dropped");
        }
    }
}
