using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace Gateway.Deduplication;

/// <summary>Chooses the dedup store: Redis when <c>ConnectionStrings:Redis</c> is set, else the single-instance in-memory store.</summary>
public static partial class DedupServiceCollectionExtensions
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

        // One multiplexer for the process, as StackExchange.Redis intends; it reconnects by itself.
        services.TryAddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(RedisDedupStore.ParseOptions(connectionString)));
        services.TryAddSingleton<IDedupStore, RedisDedupStore>();
        return services;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "No ConnectionStrings:Redis configured: using the in-memory dedup store, which deduplicates within this one instance only", EventName = "InMemoryDedupStore")]
        public static partial void InMemoryStore(ILogger logger);
    }
}
