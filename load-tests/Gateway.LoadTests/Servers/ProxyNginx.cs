namespace Gateway.LoadTests.Servers;

/// <summary>
/// The reference reverse proxy: a second nginx in front of the backend, with a keep-alive upstream pool as a tuned nginx
/// proxy has, so the gateway's plain route is compared with what a proxy that does nothing else costs.
/// </summary>
internal static class ProxyNginx
{
    public static Task<NginxServer> StartAsync(BackendNginx backend, WorkDirectory directory, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        return NginxServer.StartAsync("proxy", port, $$"""
              upstream backend { server 127.0.0.1:{{backend.Port}}; keepalive 64; }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://backend;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                }
              }
            """, directory, cancellationToken);
    }
}
