using Gateway.Configuration;
using Gateway.Deduplication;
using Gateway.Model;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Deduplication;

public class DedupStoreOptionsTests
{
    private const string Redis = "127.0.0.1:6379";

    private static (DedupStoreOptions Options, StackExchange.Redis.ConfigurationOptions? Redis) Load(string? connectionString, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => "Dedup:" + s.Key, s => (string?)s.Value))
            .Build();
        return DedupServiceCollectionExtensions.LoadStoreOptions(configuration, connectionString);
    }

    private static IReadOnlyList<string> Errors(string? connectionString, params (string Key, string Value)[] settings) =>
        Assert.Throws<GatewayConfigurationException>(() => Load(connectionString, settings)).Errors;

    [Fact]
    public void Load_NoSection_PrimaryDurability()
    {
        var (options, redis) = Load(Redis);

        Assert.Equal(DedupDurability.Primary, options.Durability);
        Assert.NotNull(redis);
    }

    [Fact]
    public void Load_Replicated_BoundWithItsSettings()
    {
        var (options, _) = Load(Redis, ("Durability", "Replicated"), ("Replicas", "2"), ("ReplicationTimeout", "00:00:00.100"));

        Assert.Equal(DedupDurability.Replicated, options.Durability);
        Assert.Equal(2, options.Replicas);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.ReplicationTimeout);
    }

    [Fact]
    public void Load_ReplicatedWithoutRedis_Error()
    {
        var errors = Errors(null, ("Durability", "Replicated"));

        Assert.Contains(errors, e => e.Contains("in-memory store has no replicas", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SeveralInvalidSettings_EveryOneReported()
    {
        var errors = Errors(Redis, ("Durability", "Replicated"), ("Replicas", "0"), ("ReplicationTimeout", "00:00:10"), ("Durabilty", "Primary"));

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Dedup:Replicas", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Dedup:ReplicationTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Dedup:Durabilty is not a known setting", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ReplicationTimeoutNotBelowAsyncTimeout_Error()
    {
        // Every command queued behind a WAIT would otherwise time out, as if the connection had died.
        var errors = Errors(Redis + ",asyncTimeout=200", ("Durability", "Replicated"), ("ReplicationTimeout", "00:00:00.250"));

        Assert.Contains(errors, e => e.Contains("shorter than the connection's asyncTimeout (200 ms)", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_UnknownDurability_Error()
    {
        var errors = Errors(Redis, ("Durability", "Quorum"));

        Assert.Contains(errors, e => e.StartsWith("Dedup:", StringComparison.Ordinal) && e.Contains("Quorum", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_CaCertificateWithoutSslOrFile_BothReported()
    {
        var errors = Errors(Redis, ("RedisCaCertificate", "/nonexistent/ca.pem"));

        Assert.Contains(errors, e => e.Contains("does not have ssl=true", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_CaCertificateNotACertificate_Error()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a certificate");

            var errors = Errors(Redis + ",ssl=true", ("RedisCaCertificate", path));

            Assert.Contains(errors, e => e.Contains("is not a certificate", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_UnknownConnectionStringKey_Error()
    {
        var errors = Errors(Redis + ",sslCaPath=/etc/ca.pem");

        Assert.Contains(errors, e => e.StartsWith("ConnectionStrings:Redis:", StringComparison.Ordinal));
    }
}
