using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Gateway.LoadTests.Senders;

/// <summary>
/// Keep-alive connections to one server, at most so many at once: a request that finds them all busy waits for one, as
/// it would in a sender's own connection pool, and the wait counts in its latency. A request that fails on the wire, or
/// gets no answer in <see cref="Timeout"/>, gets <see cref="Answer.None"/> and its connection is dropped.
/// </summary>
internal sealed class HttpConnectionPool(EndPoint server, int maxConnections) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentBag<HttpConnection> _idle = [];
    private readonly SemaphoreSlim _connections = new(maxConnections);

    public async Task<Answer> SendAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        await _connections.WaitAsync(cancellationToken);
        HttpConnection? connection = null;
        try
        {
            connection = _idle.TryTake(out var idle) ? idle : await HttpConnection.OpenAsync(server, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            var answer = await connection.ExchangeAsync(request, timeout.Token);
            if (connection.Reusable)
            {
                _idle.Add(connection);
                connection = null;
            }

            return answer;
        }
        catch (Exception failure) when (failure is SocketException or IOException or InvalidDataException
            || (failure is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return Answer.None;
        }
        finally
        {
            connection?.Dispose();
            _connections.Release();
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }

        _connections.Dispose();
    }
}
