using System.Globalization;

namespace Gateway.Tests.Fixtures;

/// <summary>
/// A real Sentinel deployment on loopback: 1 primary, 2 replicas and 3 sentinels (<c>redis-server --sentinel</c>) watching
/// it with a quorum of 2 and a short <c>down-after-milliseconds</c>, so a killed primary is replaced within a few seconds.
/// The gateway connects through the sentinels (<c>serviceName=…</c>), never to a data node directly.
/// </summary>
public sealed class RedisSentinel : IRedisDeployment
{
    public const string ServiceName = "gateway";
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-sentinel-").FullName;
    private readonly List<RedisServer> _data = [];
    private readonly List<RedisServer> _sentinels = [];

    /// <summary>The sentinels and the service name, as StackExchange.Redis takes them.</summary>
    public string ConnectionString => string.Join(',', _sentinels.Select(s => s.Endpoint)) + $",serviceName={ServiceName}";

    public async Task InitializeAsync()
    {
        var primary = new RedisServer();
        _data.Add(primary);
        await primary.StartAsync();
        for (var i = 0; i < 2; i++)
        {
            var replica = new RedisServer(arguments: ["--replicaof", "127.0.0.1", primary.Port.ToString(CultureInfo.InvariantCulture)]);
            _data.Add(replica);
        }

        for (var i = 0; i < 3; i++)
        {
            var port = RedisServer.FreePort();
            var config = Path.Combine(_directory, $"sentinel-{port}.conf");

            // Sentinels rewrite their file as they learn the deployment, so each has its own, writable.
            await File.WriteAllLinesAsync(config,
            [
                $"sentinel monitor {ServiceName} 127.0.0.1 {primary.Port} 2",
                $"sentinel down-after-milliseconds {ServiceName} 1000",
                $"sentinel failover-timeout {ServiceName} 5000",
                $"sentinel parallel-syncs {ServiceName} 2",
            ]);
            _sentinels.Add(new RedisServer(port: port, arguments: [config, "--sentinel", "--dir", _directory]));
        }

        await Task.WhenAll(_data.Skip(1).Concat(_sentinels).Select(n => n.StartAsync()));
        await RedisCluster.WaitUntilAsync(IsWatchedAsync, TimeSpan.FromSeconds(30), "the sentinels did not find the primary, its 2 replicas and each other");
    }

    public Task DisposeAsync()
    {
        foreach (var node in _sentinels.Concat(_data))
        {
            node.Stop();
        }

        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The data node that is the primary now, as the sentinels say.</summary>
    public async Task<RedisServer> PrimaryAsync()
    {
        var answer = await _sentinels.First(s => s.IsRunning).CliAsync("SENTINEL", "GET-MASTER-ADDR-BY-NAME", ServiceName);
        var port = int.Parse(answer.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Trim(), CultureInfo.InvariantCulture);
        return _data.Single(n => n.Port == port);
    }

    /// <summary>SIGKILLs the primary, as a crash would, and returns it.</summary>
    public async Task<RedisServer> KillPrimaryAsync()
    {
        var primary = await PrimaryAsync();
        primary.Stop();
        return primary;
    }

    /// <summary>
    /// Restarts a killed node as a replica of the new primary, as Redis's documentation asks of a node without persistence:
    /// restarted as it was, it would come back as an empty primary until the sentinels demote it, and a client could write there.
    /// </summary>
    public async Task RecoverAsync(RedisServer node)
    {
        var primary = await PrimaryAsync();
        var restarted = new RedisServer(port: node.Port, arguments: ["--replicaof", "127.0.0.1", primary.Port.ToString(CultureInfo.InvariantCulture)]);
        _data[_data.IndexOf(node)] = restarted;
        await restarted.StartAsync();
        await RedisCluster.WaitUntilAsync(IsWatchedAsync, TimeSpan.FromSeconds(30), "the restarted node did not become a replica");
    }

    /// <summary>Waits until the sentinels have promoted a running replica, and it serves as primary.</summary>
    public Task WaitUntilServingAsync() => RedisCluster.WaitUntilAsync(
        async () => await PrimaryAsync() is { IsRunning: true } primary && (await primary.CliAsync("ROLE")).StartsWith("master", StringComparison.Ordinal),
        TimeSpan.FromSeconds(30),
        "the sentinels did not promote a replica within 30 s");

    private async Task<bool> IsWatchedAsync()
    {
        foreach (var sentinel in _sentinels)
        {
            var master = (await sentinel.CliAsync("SENTINEL", "MASTER", ServiceName)).Split('\n').Select(l => l.Trim()).ToList();
            string Field(string name) => master.IndexOf(name) is var i and >= 0 && i + 1 < master.Count ? master[i + 1] : string.Empty;
            if (Field("num-slaves") != "2" || Field("num-other-sentinels") != "2")
            {
                return false;
            }
        }

        foreach (var node in _data)
        {
            if (!await RedisCluster.HasReplicasOnlineAsync(node, 2))
            {
                return false;
            }
        }

        return true;
    }
}

// Run alone, after the parallel collections: a dozen servers and failovers would starve timing-sensitive tests on 2 cores.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisSentinelGroup : ICollectionFixture<RedisSentinel>
{
    public const string Name = "redis-sentinel";
}
