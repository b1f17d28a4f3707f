namespace Gateway.LoadTests.Servers;

/// <summary>
/// The servers of one run, each on a loopback port of its own: the backend nginx from the start; on first use the
/// reference proxy nginx, redis-server and one shared gateway per dedup store (warm by the time a later scenario uses
/// it); and gateway instances that a scenario starts and stops itself. Disposing stops what the lab started, in reverse
/// order, and deletes the run's directory, whether the run ended, failed or was cancelled.
/// </summary>
internal sealed class Lab : IAsyncDisposable
{
    private readonly Stack<IAsyncDisposable> _started = new();
    private readonly RepositoryLayout _layout;
    private RedisServer? _redis;
    private NginxServer? _proxy;
    private GatewayProcess? _memoryGateway;
    private GatewayProcess? _redisGateway;
    private int _gateways;

    private Lab(RepositoryLayout layout, WorkDirectory directory)
    {
        _layout = layout;
        Directory = directory;
    }

    public WorkDirectory Directory { get; }

    public BackendNginx Backend { get; private set; } = null!;

    public static async Task<Lab> StartAsync(RepositoryLayout layout, CancellationToken cancellationToken)
    {
        var lab = new Lab(layout, new WorkDirectory());
        try
        {
            lab.Backend = lab.Track(await BackendNginx.StartAsync(lab.Directory, cancellationToken));
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    public async Task<RedisServer> RedisAsync(CancellationToken cancellationToken) =>
        _redis ??= Track(await RedisServer.StartAsync(Directory, cancellationToken));

    public async Task<NginxServer> ProxyAsync(CancellationToken cancellationToken) =>
        _proxy ??= Track(await ProxyNginx.StartAsync(Backend, Directory, cancellationToken));

    /// <summary>The gateway instance shared by the scenarios that measure one store's gateway.</summary>
    public async Task<GatewayProcess> SharedGatewayAsync(bool withRedis, CancellationToken cancellationToken) => withRedis
        ? _redisGateway ??= Track(await StartGatewayAsync("redis", withRedis: true, cancellationToken))
        : _memoryGateway ??= Track(await StartGatewayAsync("memory", withRedis: false, cancellationToken));

    /// <summary>A new gateway instance in front of the backend; the caller stops it (dispose) when its scenario is done.</summary>
    public async Task<GatewayProcess> StartGatewayAsync(string role, bool withRedis, CancellationToken cancellationToken)
    {
        var redis = withRedis ? await RedisAsync(cancellationToken) : null;
        return await GatewayProcess.StartAsync($"gateway-{++_gateways}-{role}", _layout, Directory, Backend, redis, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        while (_started.TryPop(out var server))
        {
            await server.DisposeAsync();
        }

        Directory.Dispose();
    }

    private T Track<T>(T server)
        where T : IAsyncDisposable
    {
        _started.Push(server);
        return server;
    }
}
