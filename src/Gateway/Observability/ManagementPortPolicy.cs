using Microsoft.AspNetCore.Routing.Matching;

namespace Gateway.Observability;

/// <summary>
/// With <c>Gateway:ManagementUrls</c> set, management endpoints match only on the management listener's ports and every other
/// endpoint only off them, decided by the port the connection arrived on (the socket's, which a client cannot forge as it can a
/// Host header). On the proxy's port <c>/metrics</c> is then an ordinary path, proxied like any other.
/// </summary>
internal sealed class ManagementPortPolicy(int[] managementPorts) : MatcherPolicy, IEndpointSelectorPolicy
{
    /// <summary>Before the HTTP method policy, so a management path on the proxy's port never answers 405.</summary>
    public override int Order => -1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => managementPorts.Length > 0;

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var onManagementPort = Array.IndexOf(managementPorts, httpContext.Connection.LocalPort) >= 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var isManagement = candidates[i].Endpoint.Metadata.GetMetadata<ManagementEndpointMetadata>() is not null;
            if (isManagement != onManagementPort)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
