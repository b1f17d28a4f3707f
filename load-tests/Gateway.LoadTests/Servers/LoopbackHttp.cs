using System.Net;

namespace Gateway.LoadTests.Servers;

/// <summary>HTTP clients for loopback servers: never through a proxy the environment may name, no cookies, no redirects.</summary>
internal static class LoopbackHttp
{
    public static HttpClient CreateClient(int maxConnections = 16) =>
        new(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
}
