using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Deduplication;

/// <summary>Chooses the dedup store: Redis when <c>ConnectionStrings:Redis</c> is set, else the single-instance in-memory store.</summary>
internal static partial class DedupServiceCollectionExtensions
{
    public const string ConnectionStringName = "Redis";

    public static IServiceCollection AddDedupStore(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            services.TryAddSingleton<IDedupStore>(sp =>
            {
                Log.InMemoryStore(sp.GetRequiredService<ILogger<InMemoryDedupStore>>());
                return new InMemoryDedupStore(sp.GetRequiredService<TimeProvider>());
            });
            return services;
        }

        // One multiplexer for the process, as StackExchange.Redis intends, opened in the background from startup.
        services.TryAddSingleton(sp => new RedisConnection(RedisDedupStore.ParseOptions(connectionString), sp.GetRequiredService<ILogger<RedisConnection>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OpenRedisAtStartup>());
        services.TryAddSingleton<IDedupStore, RedisDedupStore>();
        return services;
    }

    /// <summary>Starts opening the Redis connection with the host, so that it is open, if Redis is up, before the first callback.</summary>
    private sealed class OpenRedisAtStartup(RedisConnection connection) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            connection.Start();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.InMemoryDedupStore, LogLevel.Warning, "No ConnectionStrings:Redis configured: using the in-memory dedup store, which deduplicates within this one instance only", EventName = "InMemoryDedupStore")]
        public static partial void InMemoryStore(ILogger logger);
    }
}
