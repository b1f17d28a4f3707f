using System.Net;
using System.Net.Sockets;

namespace Gateway.LoadTests.Servers;

/// <summary>A loopback port nothing listens on: every server of a run gets its own, so runs never collide with other servers.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until a server accepts connections on <paramref name="port"/>, or throws when <paramref name="server"/> has exited or the time is up.</summary>
    public static async Task WaitForListenerAsync(int port, ChildProcess server, string name, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !server.HasExited)
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        throw new InvalidOperationException($"{name} did not listen on 127.0.0.1:{port}. Its log:{Environment.NewLine}{server.LogTail()}");
    }
}
