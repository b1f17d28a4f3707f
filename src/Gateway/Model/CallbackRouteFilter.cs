using Gateway.Configuration;
using Gateway.Model.Rules;
using Yarp.ReverseProxy.Configuration;

namespace Gateway.Model;

/// <summary>
/// Rejects a YARP configuration whose callback route names a policy that is not (or not validly) configured.
/// YARP then keeps its last good routes, so a callback route never runs without its policy.
/// </summary>
internal sealed class CallbackRouteFilter(CallbackSettingsMonitor monitor) : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) => new(cluster);

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        if (route.Metadata?.TryGetValue(GatewayOptions.PolicyMetadataKey, out var policy) == true)
        {
            // Both YARP and the monitor react to the same change; make sure the monitor has seen it first.
            monitor.Refresh();
            var policies = monitor.Current.Policies;
            if (RouteRules.PolicyProblem(route.RouteId, policy, policies.ContainsKey) is { } problem)
            {
                throw new InvalidOperationException(problem);
            }
        }

        return new(route);
    }
}
