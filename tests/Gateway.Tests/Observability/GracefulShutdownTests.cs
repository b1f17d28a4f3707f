using Gateway.Model;
using Gateway.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Observability;

public sealed class GracefulShutdownTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ApplicationLifetime _lifetime = new(NullLogger<ApplicationLifetime>.Instance); // the host's own

    [Fact]
    public async Task CheckHealth_BeforeShutdown_Healthy()
    {
        var shutdown = Create(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

        Assert.Equal(HealthStatus.Healthy, (await shutdown.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task CheckHealth_ApplicationStopping_UnhealthyAtOnce()
    {
        var shutdown = Create(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

        _lifetime.StopApplication(); // SIGTERM: before the host calls any service

        Assert.Equal(HealthStatus.Unhealthy, (await shutdown.CheckHealthAsync(new HealthCheckContext())).Status);
    }

    [Fact]
    public async Task StoppingAsync_ShutdownDelay_UnreadyAndWaitsExactlyThatLong()
    {
        var shutdown = Create(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

        var stopping = shutdown.StoppingAsync(CancellationToken.None);

        Assert.True(shutdown.IsDraining);
        Assert.Equal(HealthStatus.Unhealthy, (await shutdown.CheckHealthAsync(new HealthCheckContext())).Status);
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(stopping.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        await stopping.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task StoppingAsync_DelayLongerThanHalfTheShutdownTimeout_WaitsHalfTheTimeoutOnly()
    {
        var shutdown = Create(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10));

        var stopping = shutdown.StoppingAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(stopping.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        await stopping.WaitAsync(TimeSpan.FromSeconds(5)); // in-flight callbacks keep the other half
    }

    private GracefulShutdown Create(TimeSpan delay, TimeSpan shutdownTimeout)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Gateway:ShutdownDelay"] = delay.ToString() })
            .Build();
        var monitor = new CallbackSettingsMonitor(configuration, new CallbackSettingsLoader([]), NullLogger<CallbackSettingsMonitor>.Instance);
        return new GracefulShutdown(_lifetime, monitor, Options.Create(new HostOptions { ShutdownTimeout = shutdownTimeout }), _time, NullLogger<GracefulShutdown>.Instance);
    }
}
