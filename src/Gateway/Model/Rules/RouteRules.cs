using Gateway.Configuration;

namespace Gateway.Model.Rules;

/// <summary>
/// The one rule between routes and policies: a callback route must name a loaded policy. The loader applies it to the
/// configuration (every route reported at startup and on reload), the route filter to what YARP is about to apply (so YARP
/// keeps its last good routes rather than run a callback route without its policy).
/// </summary>
internal static class RouteRules
{
    /// <summary>Why a route naming <paramref name="policy"/> cannot run, or null when it can.</summary>
    public static string? PolicyProblem(string routeId, string policy, Func<string, bool> isLoaded) =>
        isLoaded(policy)
            ? null
            : $"Route '{routeId}': Metadata:{GatewayOptions.PolicyMetadataKey} names '{policy}', which is not a valid policy under {CallbackPolicyOptions.SectionName}.";

    /// <summary>Every callback route in the configuration whose policy is not among <paramref name="policies"/> (nor an invalid one reported on its own).</summary>
    public static IEnumerable<string> Check(IConfiguration configuration, IReadOnlyDictionary<string, CallbackPolicy> policies)
    {
        foreach (var route in configuration.GetSection("ReverseProxy:Routes").GetChildren())
        {
            var policy = route[$"Metadata:{GatewayOptions.PolicyMetadataKey}"];

            // A policy that exists but failed its own rules is reported under its own name already.
            if (policy is not null
                && PolicyProblem(route.Key, policy, p => policies.ContainsKey(p) || configuration.GetSection($"{CallbackPolicyOptions.SectionName}:{p}").Exists()) is { } problem)
            {
                yield return problem;
            }
        }
    }
}
