using Gateway.Model.Rules;

namespace Gateway.Tests.Model.Rules;

/// <summary>The one rule between routes and policies, which the loader and the YARP route filter both apply.</summary>
public sealed class RouteRulesTests
{
    [Fact]
    public void PolicyProblem_PolicyLoaded_None()
    {
        Assert.Null(RouteRules.PolicyProblem("r", "p", name => name == "p"));
    }

    [Fact]
    public void PolicyProblem_PolicyMissing_NamesRouteAndPolicy()
    {
        var problem = RouteRules.PolicyProblem("orders-callback", "shop", _ => false);

        Assert.Equal("Route 'orders-callback': Metadata:CallbackPolicy names 'shop', which is not a valid policy under CallbackPolicies.", problem);
    }
}
