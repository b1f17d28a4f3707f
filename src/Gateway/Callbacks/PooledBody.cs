using System.Buffers;

namespace Gateway.Callbacks;

/// <summary>A request body read into a pooled buffer, capped before and while reading; returned to the pool on dispose.</summary>
internal sealed class PooledBody : IDisposable
{
    private const int InitialSize = 4096;

    private PooledBody(byte[] buffer, int length)
    {
        Buffer = buffer;
        Length = length;
    }

    public byte[] Buffer { get; private set; }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => Buffer.AsMemory(0, Length);

    /// <summary>Reads the whole body; null when it is longer than <paramref name="maxBytes"/> (by Content-Length or while reading a chunked body).</summary>
    public static async Task<PooledBody?> ReadAsync(Stream body, long? contentLength, int maxBytes, CancellationToken cancellationToken)
    {
        if (contentLength > maxBytes)
        {
            return null;
        }

        // One byte more than allowed, so reading it proves the body too large.
        var limit = maxBytes + 1;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(contentLength ?? InitialSize, 1, limit));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max((long)buffer.Length * 2, InitialSize), limit));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    var result = new PooledBody(buffer, length);
                    buffer = [];
                    return result;
                }

                length += read;
                if (length > maxBytes)
                {
                    return null;
                }
            }
        }
        finally
        {
            if (buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public void Dispose()
    {
        if (Buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
            Buffer = [];
        }
    }
}
