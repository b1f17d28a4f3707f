using System.Net;

namespace Gateway.LoadTests.Senders;

/// <summary>
/// Sends callbacks and plain requests as a sender does, over keep-alive HTTP/1.1 connections (a pool per server) with
/// each answer read in full, on a client cheap enough per request to share two cores with the servers (<see cref="HttpConnection"/>).
/// </summary>
internal sealed class HttpSender(int maxConnectionsPerServer) : IDisposable
{
    private readonly Dictionary<string, HttpConnectionPool> _pools = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task<Answer> SendCallbackAsync(Uri gateway, SignedCallback callback, int? attempt, CancellationToken cancellationToken) =>
        SendAsync(gateway, HttpRequestBytes.Callback(gateway, callback, attempt), cancellationToken);

    /// <summary>Sends <paramref name="request"/> (see <see cref="HttpRequestBytes"/>) to <paramref name="server"/>'s host and port.</summary>
    public Task<Answer> SendAsync(Uri server, ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        HttpConnectionPool pool;
        lock (_lock)
        {
            if (!_pools.TryGetValue(server.Authority, out pool!))
            {
                pool = _pools[server.Authority] = new HttpConnectionPool(new IPEndPoint(IPAddress.Parse(server.Host), server.Port), maxConnectionsPerServer);
            }
        }

        return pool.SendAsync(request, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var pool in _pools.Values)
        {
            pool.Dispose();
        }
    }
}
