using System.Buffers;

namespace Gateway.Callbacks;

/// <summary>
/// A request body read into a pooled buffer that grows with the bytes that arrive (never to more than twice what was
/// received, past a small first block), capped by the policy's limit and by the gateway's <see cref="BodyBudget"/>, which
/// holds every byte of the buffer until it goes back to the pool on dispose.
/// </summary>
internal sealed class PooledBody : IDisposable
{
    /// <summary>The first block: a typical callback fits, and a sender that declares a megabyte and sends nothing holds only this.</summary>
    private const int InitialSize = 4096;

    private readonly BodyBudget _budget;

    private PooledBody(byte[] buffer, int length, BodyBudget budget)
    {
        Buffer = buffer;
        Length = length;
        _budget = budget;
    }

    /// <summary>How a read ended.</summary>
    public enum Outcome
    {
        Read,
        TooLarge,
        OverBudget,

        /// <summary>The body's framing is broken (set by <see cref="BufferedBody"/>, which sees Kestrel's exceptions).</summary>
        Malformed,
    }

    public byte[] Buffer { get; private set; }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

    /// <summary>Reads the whole body; null, with why, when it is longer than <paramref name="maxBytes"/> or the budget is spent.</summary>
    public static async Task<(PooledBody? Body, Outcome Outcome)> ReadAsync(
        Stream body, long? contentLength, int maxBytes, BodyBudget budget, CancellationToken cancellationToken)
    {
        if (contentLength > maxBytes)
        {
            return (null, Outcome.TooLarge);
        }

        var buffer = Rent((int)Math.Clamp(contentLength ?? InitialSize, 1, Math.Min(InitialSize, maxBytes)), budget);
        if (buffer is null)
        {
            return (null, Outcome.OverBudget);
        }

        var length = 0;
        try
        {
            while (true)
            {
                if (length == contentLength)
                {
                    // Kestrel ends a Content-Length body at its length: complete, no further read needed.
                    var result = new PooledBody(buffer, length, budget);
                    buffer = null;
                    return (result, Outcome.Read);
                }

                if (length == buffer.Length)
                {
                    // Full, and no length declared: one more byte tells whether the body goes on, before renting more.
                    var probe = contentLength is null ? new byte[1] : null;
                    if (probe is not null && await body.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0)
                    {
                        var result = new PooledBody(buffer, length, budget);
                        buffer = null;
                        return (result, Outcome.Read);
                    }

                    if (length == maxBytes)
                    {
                        return (null, Outcome.TooLarge);
                    }

                    var larger = Rent((int)Math.Min(Math.Max((long)length * 2, InitialSize), maxBytes), budget);
                    if (larger is null)
                    {
                        return (null, Outcome.OverBudget);
                    }

                    buffer.AsSpan(0, length).CopyTo(larger);
                    if (probe is not null)
                    {
                        larger[length++] = probe[0];
                    }

                    Return(buffer, budget);
                    buffer = larger;
                    continue;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    var result = new PooledBody(buffer, length, budget);
                    buffer = null;
                    return (result, Outcome.Read);
                }

                length += read;
            }
        }
        finally
        {
            if (buffer is not null)
            {
                Return(buffer, budget);
            }
        }
    }

    public void Dispose()
    {
        if (Buffer.Length > 0)
        {
            Return(Buffer, _budget);
            Buffer = [];
        }
    }

    private static byte[]? Rent(int size, BodyBudget budget)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        if (budget.TryReserve(buffer.Length))
        {
            return buffer;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return null;
    }

    private static void Return(byte[] buffer, BodyBudget budget)
    {
        budget.Release(buffer.Length);
        ArrayPool<byte>.Shared.Return(buffer);
    }
}
