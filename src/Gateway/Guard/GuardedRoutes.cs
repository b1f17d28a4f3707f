using Gateway.Configuration;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;
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
            var model = endpoint.Metadata.GetMetadata<RouteModel>();
            var config = model?.Config;
            if (config?.Metadata is not { } metadata || !metadata.TryGetValue(GatewayOptions.PolicyMetadataKey, out var policy))
            {
                continue;
            }

            if (metadata.TryGetValue(OptOutMetadataKey, out var optOut) && string.Equals(optOut, OptOutValue, StringComparison.OrdinalIgnoreCase))
            {
                Log.GuardOff(_logger, config.RouteId, config.Match.Path ?? "(any path)");
                continue;
            }

            routes.Add(GuardedRoute.Create(config.RouteId, policy, Paths(config, model!.Cluster?.Model?.Config), config.Match.Methods));
        }

        Volatile.Write(ref _current, [.. routes]);
    }

    /// <summary>
    /// Every path at which the callback route's handler may be reached: its public path; where its path transforms send it
    /// (<c>PathSet</c>, <c>PathPrefix</c>, <c>PathRemovePrefix</c>, <c>PathPattern</c>), since that is the handler's path on the
    /// backend and a catch-all route would forward a request for it unchanged; and both behind each destination's own path
    /// prefix. A path that only some of these describe is guarded all the same: guarding more is safe.
    /// </summary>
    internal static IEnumerable<string?> Paths(RouteConfig route, ClusterConfig? cluster)
    {
        var path = route.Match.Path;
        yield return path;
        var backend = path ?? "/{**rest}";
        foreach (var transform in route.Transforms ?? [])
        {
            if (transform.TryGetValue("PathSet", out var set) || transform.TryGetValue("PathPattern", out set))
            {
                backend = set;
            }
            else if (transform.TryGetValue("PathPrefix", out var prefix))
            {
                backend = prefix.TrimEnd('/') + backend;
            }
            else if (transform.TryGetValue("PathRemovePrefix", out var removed) && backend.StartsWith(removed, StringComparison.OrdinalIgnoreCase))
            {
                backend = "/" + backend[removed.Length..].TrimStart('/');
            }
        }

        if (!string.Equals(backend, path, StringComparison.OrdinalIgnoreCase))
        {
            yield return backend;
        }

        foreach (var destination in cluster?.Destinations?.Values ?? [])
        {
            if (Uri.TryCreate(destination.Address, UriKind.Absolute, out var address) && address.AbsolutePath.Trim('/').Length > 0)
            {
                yield return address.AbsolutePath.TrimEnd('/') + backend;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEvents.PathGuardOff, LogLevel.Warning, "The path guard is off for callback route {Route} ({Path}): other methods and forms of its path reach the backend unverified", EventName = "PathGuardOff")]
        public static partial void GuardOff(ILogger logger, string route, string path);
    }
}
