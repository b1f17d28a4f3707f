using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gateway.Tests.Observability;

/// <summary>
/// The shipped dashboard imports into any Grafana with a Prometheus data source, and each panel tells the on-call person
/// what it shows and what to do. Its queries against a real Prometheus: <see cref="PrometheusScrapeTests"/>.
/// </summary>
public sealed partial class GrafanaDashboardTests
{
    private readonly JsonObject _dashboard = GrafanaDashboard.Load();

    [Fact]
    public void Dashboard_Shipped_ImportableWithAFixedUidAndADataSourceVariable()
    {
        var variables = _dashboard["templating"]!["list"]!.AsArray().Select(variable => variable!.AsObject()).ToList();
        var datasource = Assert.Single(variables, variable => (string?)variable["type"] == "datasource");

        Assert.False(string.IsNullOrWhiteSpace((string?)_dashboard["uid"]));
        Assert.InRange((int)_dashboard["schemaVersion"]!, 36, 41);
        Assert.Equal("datasource", (string?)datasource["name"]);
        Assert.Equal("prometheus", (string?)datasource["query"]);
        Assert.Equal(["job", "instance", "policy", "route"], GrafanaDashboard.QueryVariables(_dashboard).Select(variable => (string)variable["name"]!));
    }

    /// <summary>An operator picks instances, policies and routes, several at once, or all (".*", which also matches the empty route of unmatched requests).</summary>
    [Theory]
    [InlineData("instance")]
    [InlineData("policy")]
    [InlineData("route")]
    public void Variable_InstancePolicyRoute_MultiSelectWithAllAsRegex(string name)
    {
        var variable = Assert.Single(GrafanaDashboard.QueryVariables(_dashboard), variable => (string?)variable["name"] == name);

        Assert.True((bool)variable["multi"]!);
        Assert.True((bool)variable["includeAll"]!);
        Assert.Equal(".*", (string?)variable["allValue"]);
        Assert.Equal("gateway_callbacks_total", GrafanaDashboard.LabelValues(variable).Selector.Split('{')[0]);
        Assert.Equal(name, GrafanaDashboard.LabelValues(variable).Label);
    }

    [Fact]
    public void Panels_Every_DescribedAndOnTheDataSourceVariable()
    {
        var panels = GrafanaDashboard.Panels(_dashboard).ToList();
        var problems = new List<string>();
        foreach (var panel in panels)
        {
            var title = (string?)panel["title"];
            if (((string?)panel["description"] ?? string.Empty).Length < 80)
            {
                problems.Add($"panel \"{title}\": no description saying what it means and what to do");
            }

            var sources = new[] { panel["datasource"] }.Concat(panel["targets"]?.AsArray().Select(target => target!["datasource"]) ?? []);
            if (sources.Any(source => (string?)source?["uid"] != "${datasource}"))
            {
                problems.Add($"panel \"{title}\": a data source other than ${{datasource}}");
            }

            if (panel["targets"] is not JsonArray { Count: > 0 })
            {
                problems.Add($"panel \"{title}\": no query");
            }
        }

        Assert.NotEmpty(panels);
        Assert.Empty(problems);
        Assert.Equal(panels.Count, panels.Select(panel => (int)panel["id"]!).Distinct().Count());
    }

    /// <summary>
    /// Every selector keeps to the chosen job and instances (process_* and the .NET series exist in every .NET job a
    /// Prometheus scrapes), and every range is Grafana's: a fixed [5m] shows nothing at 15 s scrapes zoomed in, and skips
    /// samples zoomed out.
    /// </summary>
    [Fact]
    public void Queries_Every_FilteredByJobAndInstanceWithGrafanasRanges()
    {
        var queries = GrafanaDashboard.PanelQueries(_dashboard).Concat(GrafanaDashboard.AnnotationQueries(_dashboard)).ToList();
        var problems = new List<string>();
        foreach (var query in queries)
        {
            problems.AddRange(SelectorPattern().Matches(query.Expression)
                .Where(selector => !selector.Value.Contains("job=\"$job\"", StringComparison.Ordinal) || !selector.Value.Contains("instance=~\"$instance\"", StringComparison.Ordinal))
                .Select(selector => $"{query.Where}: {selector.Value} is not filtered by job=\"$job\" and instance=~\"$instance\""));
            problems.AddRange(RangePattern().Matches(query.Expression)
                .Where(range => range.Value is not "[$__rate_interval]" and not "[$__range]")
                .Select(range => $"{query.Where}: the range {range.Value} is not $__rate_interval (or $__range)"));
        }

        Assert.NotEmpty(queries);
        Assert.Empty(problems);
    }

    [GeneratedRegex(@"[a-z_:]+\{[^}]*\}")]
    private static partial Regex SelectorPattern();

    [GeneratedRegex(@"\[[^\]]+\]")]
    private static partial Regex RangePattern();
}
