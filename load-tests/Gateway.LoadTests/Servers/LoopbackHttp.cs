using System.Net;

namespace Gateway.LoadTests.Servers;

/// <summary>The tool's HTTP client for a gateway's <c>/readyz</c> and <c>/metrics</c>: never through a proxy the environment may name, no cookies, no redirects.</summary>
internal static class LoopbackHttp
{
    public static HttpClient CreateClient(int maxConnections) =>
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
