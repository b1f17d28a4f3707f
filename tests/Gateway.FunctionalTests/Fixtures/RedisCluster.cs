using System.Diagnostics;
using System.Globalization;

namespace Gateway.Tests.Fixtures;

/// <summary>
/// A real Redis Cluster on loopback: 3 primaries and 3 replicas (<c>redis-server --cluster-enabled yes</c>, joined by
/// <c>redis-cli --cluster create … --cluster-replicas 1</c>), each node and its cluster bus on a free port, with a short
/// <c>cluster-node-timeout</c> so a killed primary's replica takes over within a few seconds. Removed after the tests.
/// </summary>
public sealed class RedisCluster : IRedisDeployment
{
    private const int NodeTimeoutMs = 1000;
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-cluster-").FullName;
    private readonly List<RedisServer> _nodes = [];

    /// <summary>Every node's endpoint: what the gateway's connection string lists (the client discovers the rest itself).</summary>
    public string ConnectionString => string.Join(',', _nodes.Select(n => n.Endpoint));

    public IReadOnlyList<RedisServer> Nodes => _nodes;

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 6; i++)
        {
            var port = RedisServer.FreePort();
            _nodes.Add(new RedisServer(port: port, arguments:
            [
                "--cluster-enabled", "yes",
                "--cluster-port", RedisServer.FreePort().ToString(CultureInfo.InvariantCulture),
                "--cluster-config-file", Path.Combine(_directory, $"nodes-{port}.conf"),
                "--cluster-node-timeout", NodeTimeoutMs.ToString(CultureInfo.InvariantCulture),
                "--dir", _directory,
            ]));
        }

        await Task.WhenAll(_nodes.Select(n => n.StartAsync()));
        var create = await _nodes[0].CliAsync(["--cluster", "create", .. _nodes.Select(n => n.Endpoint), "--cluster-replicas", "1", "--cluster-yes"]);
        if (!create.Contains("All 16384 slots covered", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("redis-cli --cluster create failed:\n" + create);
        }

        await WaitUntilAsync(IsHealthyAsync, TimeSpan.FromSeconds(30), "the cluster did not become healthy");
    }

    public Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Stop();
        }

        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The nodes that are primaries now, as the running nodes see it.</summary>
    public async Task<IReadOnlyList<RedisServer>> PrimariesAsync()
    {
        var primaries = new List<RedisServer>();
        foreach (var node in _nodes.Where(n => n.IsRunning))
        {
            if ((await node.CliAsync("ROLE")).StartsWith("master", StringComparison.Ordinal))
            {
                primaries.Add(node);
            }
        }

        return primaries;
    }

    /// <summary>SIGKILLs one primary, as a crash would, and returns it.</summary>
    public async Task<RedisServer> KillPrimaryAsync()
    {
        var primary = (await PrimariesAsync())[0];
        primary.Stop();
        return primary;
    }

    /// <summary>Restarts a killed node, as an operator or orchestrator would: it rejoins as a replica of the node that replaced it.</summary>
    public async Task RecoverAsync(RedisServer node)
    {
        await node.StartAsync();
        await WaitUntilAsync(IsHealthyAsync, TimeSpan.FromSeconds(30), "the restarted node did not rejoin");
    }

    /// <summary>Waits until every slot is served again (a replica has taken over the killed primary's slots).</summary>
    public Task WaitUntilServingAsync() =>
        WaitUntilAsync(IsServingAsync, TimeSpan.FromSeconds(30), "no replica took over within 30 s");

    private async Task<bool> IsHealthyAsync()
    {
        foreach (var node in _nodes)
        {
            var info = await node.CliAsync("CLUSTER", "INFO");
            if (!info.Contains("cluster_state:ok", StringComparison.Ordinal) || !info.Contains("cluster_known_nodes:6", StringComparison.Ordinal))
            {
                return false;
            }

            if (!await HasReplicasOnlineAsync(node, 1))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<bool> IsServingAsync()
    {
        foreach (var node in _nodes.Where(n => n.IsRunning))
        {
            if (!(await node.CliAsync("CLUSTER", "INFO")).Contains("cluster_state:ok", StringComparison.Ordinal))
            {
                return false;
            }
        }

        return (await PrimariesAsync()).Count == 3;
    }

    /// <summary>
    /// Whether a replica's link is up, or a primary sees <paramref name="replicas"/> replicas online. A primary counts a
    /// replica in <c>WAIT</c> only once it is online, which comes a little after the replica sees its link up.
    /// </summary>
    internal static async Task<bool> HasReplicasOnlineAsync(RedisServer node, int replicas)
    {
        var replication = await node.CliAsync("INFO", "replication");
        return replication.Contains("role:slave", StringComparison.Ordinal)
            ? replication.Contains("master_link_status:up", StringComparison.Ordinal)
            : replication.Split('\n').Count(l => l.StartsWith("slave", StringComparison.Ordinal) && l.Contains("state=online", StringComparison.Ordinal)) >= replicas;
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{failure} (waited {timeout}).");
    }
}

/// <summary>A Redis deployment with replicas whose primary can be killed and recovered: a cluster or a sentinel-watched set.</summary>
public interface IRedisDeployment : IAsyncLifetime
{
    string ConnectionString { get; }

    Task<RedisServer> KillPrimaryAsync();

    Task WaitUntilServingAsync();

    Task RecoverAsync(RedisServer node);
}

// Run alone, after the parallel collections: a dozen servers and failovers would starve timing-sensitive tests on 2 cores.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisClusterGroup : ICollectionFixture<RedisCluster>
{
    public const string Name = "redis-cluster";
}
