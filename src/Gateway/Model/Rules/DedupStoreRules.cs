using Gateway.Configuration;

namespace Gateway.Model.Rules;

/// <summary>The rules for the <c>Dedup</c> section (the store's own settings), checked at startup; every failure reported.</summary>
internal static class DedupStoreRules
{
    private const string Section = DedupStoreOptions.SectionName;
    private static readonly TimeSpan MaxReplicationTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Checks <paramref name="options"/> against the connection they will be used with (null: the in-memory store).</summary>
    public static void Check(DedupStoreOptions options, StackExchange.Redis.ConfigurationOptions? redis, List<string> errors)
    {
        if (options.Durability == DedupDurability.Replicated)
        {
            if (redis is null)
            {
                errors.Add($"{Section}:Durability is Replicated, but no ConnectionStrings:Redis is set: the in-memory store has no replicas.");
            }

            if (options.Replicas < 1)
            {
                errors.Add($"{Section}:Replicas must be at least 1 with Durability Replicated.");
            }

            if (options.ReplicationTimeout <= TimeSpan.Zero || options.ReplicationTimeout > MaxReplicationTimeout)
            {
                errors.Add($"{Section}:ReplicationTimeout must be between 0 and {MaxReplicationTimeout} (it holds every command behind it on the connection).");
            }
            else if (redis is not null && options.ReplicationTimeout.TotalMilliseconds >= redis.AsyncTimeout)
            {
                errors.Add($"{Section}:ReplicationTimeout ({options.ReplicationTimeout.TotalMilliseconds} ms) must be shorter than the connection's asyncTimeout ({redis.AsyncTimeout} ms), or every wait would time out as a dead connection.");
            }
        }

        if (options.RedisCaCertificate is { Length: > 0 } path)
        {
            if (redis is null)
            {
                errors.Add($"{Section}:RedisCaCertificate is set, but no ConnectionStrings:Redis is set.");
            }
            else if (!redis.Ssl)
            {
                errors.Add($"{Section}:RedisCaCertificate is set, but ConnectionStrings:Redis does not have ssl=true.");
            }

            if (!File.Exists(path))
            {
                errors.Add($"{Section}:RedisCaCertificate: the file '{path}' does not exist.");
            }
        }
    }
}
