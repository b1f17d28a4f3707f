using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Callbacks;
using Gateway.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Callbacks;

/// <summary>What slow senders that declare large bodies can make the gateway hold, against the real gateway.</summary>
public sealed class BodyBudgetTests : IAsyncLifetime
{
    private const int Budget = 1024 * 1024;
    private const int MaxBody = 1024 * 1024;
    private const int SlowSenders = 100;
    private readonly List<TcpClient> _connections = [];
    private Backend? _backend;
    private GatewayInstance? _gateway;

    private GatewayInstance Instance => _gateway!;

    private BodyBudget BodyBudget => Instance.Services.GetRequiredService<BodyBudget>();

    public async Task InitializeAsync()
    {
        _backend = await Backend.StartAsync();
        var config = TestCallbacks.Config(_backend.Address, policy: p => p["MaxBodyBytes"] = MaxBody);
        config["Gateway"]!["MaxBufferedBodyBytes"] = Budget;
        _gateway = await GatewayInstance.StartAsync(config);
    }

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        await Instance.DisposeAsync();
        await _backend!.DisposeAsync();
    }

    [Fact]
    public async Task SlowSendersDeclaringLargeBodies_HoldWhatTheySent_AndACallbackIsStillServed()
    {
        // Each declares the largest body the policy takes, sends 100 bytes, and stalls. Before, each reserved 2 MiB up front.
        for (var i = 0; i < SlowSenders; i++)
        {
            _connections.Add(await StartSlowCallbackAsync(declared: MaxBody, sent: 100));
        }

        await WaitUntilAsync(() => BodyBudget.Reserved >= SlowSenders * 4096L);
        var held = BodyBudget.Reserved;
        var response = await Instance.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(held, SlowSenders * 4096L, SlowSenders * 8192L); // a first block each, not the declared megabyte
    }

    [Fact]
    public async Task SendersHoldingMoreThanTheBudget_GetRetryLaterAndTheBudgetHolds()
    {
        // Each sends 60 KiB and stalls: 64 KiB buffers, so the budget takes 16 of them and refuses the rest.
        var payload = 60 * 1024;
        for (var i = 0; i < 24; i++)
        {
            _connections.Add(await StartSlowCallbackAsync(declared: MaxBody, sent: payload));
        }

        var refused = 0;
        foreach (var connection in _connections)
        {
            var answer = await ReadAnswerAsync(connection, TimeSpan.FromMilliseconds(300));
            if (answer.StartsWith("HTTP/1.1 503", StringComparison.Ordinal))
            {
                Assert.Contains("Retry-After:", answer, StringComparison.OrdinalIgnoreCase);
                refused++;
            }
        }

        // At most 16 fit (a buffer is briefly held twice while it grows, so sometimes fewer); the rest are refused.
        Assert.InRange(refused, 24 - (Budget / (64 * 1024)), 23);
        Assert.InRange(BodyBudget.Reserved, 0, Budget);
        Assert.Empty(_backend!.Received);

        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        await WaitUntilAsync(() => BodyBudget.Reserved == 0);
        var response = await Instance.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<TcpClient> StartSlowCallbackAsync(int declared, int sent)
    {
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Instance.Client.BaseAddress!.Port);
        var head = $"POST {TestCallbacks.CallbackPath} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {declared}\r\n\r\n";
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(head));
        await client.GetStream().WriteAsync(new byte[sent]);
        return client;
    }

    private static async Task<string> ReadAnswerAsync(TcpClient connection, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        var buffer = new byte[4096];
        try
        {
            var read = await connection.GetStream().ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (OperationCanceledException)
        {
            return string.Empty; // still reading: it holds its buffer
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 10 s");
            await Task.Delay(20);
        }
    }
}
