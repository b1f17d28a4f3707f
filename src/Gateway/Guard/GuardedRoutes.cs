using Gateway.Configuration;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Model;

namespace Gateway.Guard;

/// <summary>
/// The callback routes YARP is serving right now, as path patterns for the guard. Built from the endpoints themselves (not
/// from the configuration file), so the guard always covers exactly the routes in force, also when a change was rejected
/// and YARP kept its last good routes; rebuilt whenever the endpoints change.
/// </summary>
internal sealed partial class GuardedRoutes : IDisposable
{
    /// <summary>Route metadata that turns the guard off for one callback route (value <c>Off</c>); logged as a warning.</summary>
    public const string OptOutMetadataKey = "CallbackPathGuard";
    public const string OptOutValue = "Off";

    private readonly EndpointDataSource _endpoints;
    private readonly ILogger<GuardedRoutes> _logger;
    private readonly Lock _lock = new();
    private IDisposable? _subscription;
    private GuardedRoute[]? _current;

    public GuardedRoutes(EndpointDataSource endpoints, ILogger<GuardedRoutes> logger)
    {
        _endpoints = endpoints;
        _logger = logger;
    }

    /// <summary>Every guarded callback route; built on first use, then kept current.</summary>
    public GuardedRoute[] Current => Volatile.Read(ref _current) ?? Start();

    public void Dispose() => _subscription?.Dispose();

    private GuardedRoute[] Start()
    {
        lock (_lock)
        {
            if (_current is null)
            {
                Rebuild();
                _subscription = ChangeToken.OnChange(_endpoints.GetChangeToken, Rebuild);
            }

            return _current!;
        }
    }

    private void Rebuild()
    {
        var routes = new List<GuardedRoute>();
        foreach (var endpoint in _endpoints.Endpoints)
        {
            var config = endpoint.Metadata.GetMetadata<RouteModel>()?.Config;
            if (config?.Metadata is not { } metadata || !metadata.TryGetValue(GatewayOptions.PolicyMetadataKey, out var policy))
            {
                continue;
            }

            if (metadata.TryGetValue(OptOutMetadataKey, out var optOut) && string.Equals(optOut, OptOutValue, StringComparison.OrdinalIgnoreCase))
            {
                Log.GuardOff(_logger, config.RouteId, config.Match.Path ?? "(any path)");
                continue;
            }

            routes.Add(GuardedRoute.Create(config.RouteId, policy, config.Match.Path, config.Match.Methods));
        }

        Volatile.Write(ref _current, [.. routes]);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The path guard is off for callback route {Route} ({Path}): other methods and forms of its path reach the backend unverified", EventName = "PathGuardOff")]
        public static partial void GuardOff(ILogger logger, string route, string path);
    }
}
