using System.Diagnostics;
using System.Globalization;
using Gateway.Deduplication;
using Gateway.Tests.Fixtures;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;

namespace Gateway.Tests.Deduplication;

/// <summary>
/// Production Redis: TLS with a CA the machine does not trust (given by path, certificates made here by openssl), and an
/// ACL user limited to the gateway's key prefix and the commands it needs (the line README documents).
/// </summary>
public sealed class RedisTlsAclTests : IAsyncLifetime
{
    /// <summary>The ACL README documents for the gateway's user (here with the test's password and the default prefix).</summary>
    public const string AclRules = "on >gateway-password ~cbgw:* resetchannels -@all +set +get +del +eval +evalsha +ping +wait +info +client|setname +cluster|nodes +echo";

    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-tls-").FullName;
    private readonly int _tlsPort = RedisServer.FreePort();
    private RedisServer? _server;

    private string CaPath => Path.Combine(_directory, "ca.pem");

    public async Task InitializeAsync()
    {
        await OpensslAsync("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "1", "-subj", "/CN=gateway-test-ca");
        await OpensslAsync("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
        await File.WriteAllTextAsync(Path.Combine(_directory, "server.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        await OpensslAsync("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "1", "-extfile", "server.ext");
        _server = new RedisServer(arguments:
        [
            "--tls-port", _tlsPort.ToString(CultureInfo.InvariantCulture),
            "--tls-cert-file", Path.Combine(_directory, "server.pem"),
            "--tls-key-file", Path.Combine(_directory, "server.key"),
            "--tls-ca-cert-file", CaPath,
            "--tls-auth-clients", "no",
        ]);
        await _server.StartAsync();
        var set = await _server.CliAsync(["ACL", "SETUSER", "gateway", .. AclRules.Split(' ')]);
        Assert.Equal("OK", set.Trim());

        // As in production: no passwordless default user for a client whose AUTH failed to fall back on.
        Assert.Equal("OK", (await _server.CliAsync("ACL", "SETUSER", "default", "off")).Trim());
    }

    public Task DisposeAsync()
    {
        _server?.Stop();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Store_TlsWithPinnedCaAndAclUser_ClaimsMarksAndReleases()
    {
        await using var connection = await ConnectAsync($"127.0.0.1:{_tlsPort},ssl=true,user=gateway,password=gateway-password", CaPath);
        var store = new RedisDedupStore(RedisConnection.Of(connection));
        var key = DedupKeys.For("cbgw", "policy", Guid.NewGuid().ToString("N"));

        Assert.True(connection.IsConnected);
        Assert.Equal(ClaimResult.Claimed, await store.TryClaimAsync(key, "a", TimeSpan.FromMinutes(1), default));
        Assert.True(await store.MarkDoneAsync(key, "a", TimeSpan.FromMinutes(1), default));
        Assert.Equal(ClaimResult.Done, await store.TryClaimAsync(key, "b", TimeSpan.FromMinutes(1), default));
        var other = DedupKeys.For("cbgw", "policy", Guid.NewGuid().ToString("N"));
        await store.TryClaimAsync(other, "a", TimeSpan.FromMinutes(1), default);
        Assert.True(await store.ReleaseAsync(other, "a", default));
    }

    [Fact]
    public async Task Store_AclUserOutsideItsPrefix_Refused()
    {
        await using var connection = await ConnectAsync($"127.0.0.1:{_tlsPort},ssl=true,user=gateway,password=gateway-password", CaPath);
        var store = new RedisDedupStore(RedisConnection.Of(connection));

        // Another application's keys (or another gateway's prefix) are out of reach.
        await Assert.ThrowsAsync<DedupStoreUnavailableException>(() => store.TryClaimAsync("other-app:key", "a", TimeSpan.FromMinutes(1), default));
    }

    [Fact]
    public async Task Connect_TlsWithoutTheCa_NotConnected()
    {
        // The server's CA is not the machine's: without it the certificate is refused and nothing is sent.
        await using var connection = await ConnectAsync($"127.0.0.1:{_tlsPort},ssl=true,user=gateway,password=gateway-password", caPath: null);

        Assert.False(connection.IsConnected);
    }

    [Fact]
    public async Task Store_WrongPassword_Unavailable()
    {
        await using var connection = await ConnectAsync($"127.0.0.1:{_tlsPort},ssl=true,user=gateway,password=wrong", CaPath);
        var store = new RedisDedupStore(RedisConnection.Of(connection));

        await Assert.ThrowsAsync<DedupStoreUnavailableException>(() => store.TryClaimAsync(DedupKeys.For("cbgw", "policy", "e"), "a", TimeSpan.FromMinutes(1), default));
    }

    [Fact]
    public async Task LoadStoreOptions_CaCertificateFromDedupSection_Connects()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Dedup:RedisCaCertificate"] = CaPath })
            .Build();

        var (_, redis) = DedupServiceCollectionExtensions.LoadStoreOptions(configuration, $"127.0.0.1:{_tlsPort},ssl=true,user=gateway,password=gateway-password");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis!);

        Assert.True(connection.IsConnected);
    }

    private static Task<ConnectionMultiplexer> ConnectAsync(string connectionString, string? caPath) =>
        ConnectionMultiplexer.ConnectAsync(RedisDedupStore.ParseOptions(connectionString, caPath));

    private async Task OpensslAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(RedisServer.FindExecutable("openssl") ?? throw new InvalidOperationException("openssl is not installed; run scripts/test.sh."))
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "openssl " + string.Join(' ', arguments) + ": " + await error);
    }
}
