using Gateway.Configuration;
using Gateway.Model;
using Gateway.Model.Rules;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Deduplication;

/// <summary>
/// Chooses the dedup store: Redis when <c>ConnectionStrings:Redis</c> is set, else the single-instance in-memory store. The
/// store's own settings (section <c>Dedup</c>) are read and checked here, once: the store is not rebuilt on reload.
/// </summary>
internal static partial class DedupServiceCollectionExtensions
{
    public const string ConnectionStringName = "Redis";

    /// <exception cref="GatewayConfigurationException">The <c>Dedup</c> section or the connection string is invalid; every error is listed.</exception>
    public static IServiceCollection AddDedupStore(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        var redis = string.IsNullOrWhiteSpace(connectionString) ? null : connectionString;
        var (options, redisOptions) = LoadStoreOptions(configuration, redis);
        if (redis is null)
        {
            services.TryAddSingleton<IDedupStore>(sp =>
            {
                Log.InMemoryStore(sp.GetRequiredService<ILogger<InMemoryDedupStore>>());
                return new InMemoryDedupStore(sp.GetRequiredService<TimeProvider>());
            });
            return services;
        }

        // One multiplexer for the process, as StackExchange.Redis intends, opened in the background from startup.
        services.TryAddSingleton(sp => new RedisConnection(redisOptions!, sp.GetRequiredService<ILogger<RedisConnection>>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, OpenRedisAtStartup>());
        services.TryAddSingleton<IDedupStore>(sp => new RedisDedupStore(sp.GetRequiredService<RedisConnection>(), options));
        return services;
    }

    /// <summary>Binds and checks the <c>Dedup</c> section and parses the connection string, reporting every error at once.</summary>
    internal static (DedupStoreOptions Options, StackExchange.Redis.ConfigurationOptions? Redis) LoadStoreOptions(IConfiguration configuration, string? connectionString)
    {
        var errors = new List<string>();
        var section = configuration.GetSection(DedupStoreOptions.SectionName);
        UnknownSettings.Report(section, [typeof(DedupStoreOptions)], errors);
        var options = new DedupStoreOptions();
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add($"{DedupStoreOptions.SectionName}: {ex.Message} {ex.InnerException?.Message}".TrimEnd());
        }

        StackExchange.Redis.ConfigurationOptions? redis = null;
        if (connectionString is not null)
        {
            try
            {
                redis = RedisDedupStore.ParseOptions(connectionString);
            }
            catch (ArgumentException ex)
            {
                errors.Add($"ConnectionStrings:{ConnectionStringName}: {ex.Message}");
            }
        }

        DedupStoreRules.Check(options, redis, errors);
        if (errors.Count == 0 && redis is not null && options.RedisCaCertificate is { Length: > 0 } ca)
        {
            try
            {
                redis = RedisDedupStore.ParseOptions(connectionString!, ca);
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                errors.Add($"{DedupStoreOptions.SectionName}:RedisCaCertificate: '{ca}' is not a certificate ({ex.Message}).");
            }
        }

        return errors.Count == 0 ? (options, redis) : throw new GatewayConfigurationException(errors);
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
