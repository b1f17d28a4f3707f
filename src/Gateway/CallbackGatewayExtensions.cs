using Gateway.Configuration;
using Gateway.Callbacks;
using Gateway.Deduplication;
using Gateway.Guard;
using Gateway.Observability;
using Gateway.TrustedHeaders;
using Gateway.Verification;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Forwarder;
using Gateway.Model;

namespace Gateway;

/// <summary>Wires the callback gateway: YARP from configuration, policies, schemes, dedup store, trusted headers, metrics, traces.</summary>
public static class CallbackGatewayExtensions
{
    public static IServiceCollection AddCallbackGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSignatureSchemes();
        services.TryAddSingleton<CallbackSettingsLoader>();
        services.TryAddSingleton(sp => new CallbackSettingsMonitor(
            configuration,
            sp.GetRequiredService<CallbackSettingsLoader>(),
            sp.GetRequiredService<ILogger<CallbackSettingsMonitor>>(),
            sp.GetService<GatewayConfigFile>()));
        services.AddDedupStore(configuration);
        services.TryAddSingleton<ClaimLifecycle>();
        services.AddHostedService(sp => sp.GetRequiredService<ClaimLifecycle>()); // drains settle retries on shutdown
        services.TryAddSingleton<BodyBudget>();
        services.TryAddSingleton<RejectionLog>();
        services.TryAddSingleton<GuardedRoutes>();
        services.AddGatewayObservability();
        services.AddGatewayTracing(configuration);
        services.AddReverseProxy()
            .LoadFromConfig(configuration.GetSection("ReverseProxy"))
            .AddConfigFilter<CallbackRouteFilter>()
            .AddTransforms<TrustedHeadersTransformProvider>()
            .AddTransforms<BufferedBodyTransformProvider>();
        services.Replace(ServiceDescriptor.Singleton<IForwarderHttpClientFactory, CallbackForwarderHttpClientFactory>());
        services.TryAddSingleton<CallbackGatewayMarker>();
        return services;
    }

    /// <summary>Puts the guard in front of everything, then maps health, metrics and the proxy, with the callback middleware first in the proxy pipeline.</summary>
    public static WebApplication MapCallbackGateway(this WebApplication app)
    {
        if (app.Services.GetService<CallbackGatewayMarker>() is null)
        {
            throw new InvalidOperationException($"Call services.{nameof(AddCallbackGateway)}() before app.{nameof(MapCallbackGateway)}().");
        }

        // Validate now: an invalid configuration stops the gateway at startup, listing every error.
        app.Services.GetRequiredService<CallbackSettingsMonitor>();

        // After routing (it needs the matched route), before every endpoint: what a backend would take for a callback path,
        // but did not match its callback route, is refused here; so are trusted-header look-alikes, on every route.
        app.UseMiddleware<CallbackGuardMiddleware>();
        app.MapGatewayObservability();
        app.MapReverseProxy(proxy =>
        {
            // The guard runs before destination selection, so a rejected callback never reaches a backend.
            proxy.UseMiddleware<CallbackMiddleware>();
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
            proxy.UseMiddleware<LeaseDeadlineMiddleware>(); // next to the forwarder: a lease cut-off is a timeout to the health checks
        });
        return app;
    }

    private sealed class CallbackGatewayMarker;
}
