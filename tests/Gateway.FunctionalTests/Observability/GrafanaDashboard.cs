using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.Observability;

/// <summary>
/// The shipped Grafana dashboard (deploy/grafana/callback-gateway.json) as the tests read it: its panels' queries, its
/// annotation queries and its template variables, with Grafana's variables replaced the way Grafana would replace them.
/// </summary>
public static partial class GrafanaDashboard
{
    /// <summary>Grafana's built-in intervals, as Grafana would fill them in for a short time range over 1 s scrapes.</summary>
    private static readonly Dictionary<string, string> BuiltIns = new(StringComparer.Ordinal)
    {
        ["__rate_interval"] = "1m",
        ["__interval"] = "15s",
        ["__range"] = "5m",
    };

    public static JsonObject Load() =>
        JsonNode.Parse(File.ReadAllText(RepositoryFiles.Path("deploy", "grafana", "callback-gateway.json")))!.AsObject();

    /// <summary>Every panel but the rows, including those inside collapsed rows.</summary>
    public static IEnumerable<JsonObject> Panels(JsonObject dashboard) =>
        Flatten(dashboard["panels"]!.AsArray()).Where(panel => (string?)panel["type"] != "row");

    /// <summary>Every query of every panel, named for failure messages: <c>panel "Title" target A</c>.</summary>
    public static IEnumerable<DashboardQuery> PanelQueries(JsonObject dashboard) =>
        from panel in Panels(dashboard)
        from target in panel["targets"]?.AsArray().Select(target => target!.AsObject()) ?? []
        select new DashboardQuery($"panel \"{panel["title"]}\" target {target["refId"]}", (string)target["expr"]!);

    public static IEnumerable<DashboardQuery> AnnotationQueries(JsonObject dashboard) =>
        from annotation in dashboard["annotations"]!["list"]!.AsArray().Select(annotation => annotation!.AsObject())
        where annotation["expr"] is not null
        select new DashboardQuery($"annotation \"{annotation["name"]}\"", (string)annotation["expr"]!);

    /// <summary>The query variables (<c>label_values(selector, label)</c>), in the order Grafana resolves them.</summary>
    public static IEnumerable<JsonObject> QueryVariables(JsonObject dashboard) =>
        dashboard["templating"]!["list"]!.AsArray().Select(variable => variable!.AsObject()).Where(variable => (string?)variable["type"] == "query");

    /// <summary>The selector and the label of a variable's <c>label_values(selector, label)</c>.</summary>
    public static (string Selector, string Label) LabelValues(JsonObject variable)
    {
        var query = (string)variable["query"]!["query"]!;
        var match = LabelValuesPattern().Match(query);
        return match.Success
            ? (match.Groups["selector"].Value, match.Groups["label"].Value)
            : throw new InvalidOperationException($"variable {variable["name"]}: '{query}' is not label_values(selector, label)");
    }

    /// <summary>
    /// <paramref name="expression"/> with <c>$name</c> and <c>${name}</c> replaced from <paramref name="values"/> and Grafana's
    /// built-in intervals; throws on a variable it does not know, so a typo in the dashboard fails the test.
    /// </summary>
    public static string Substitute(string expression, IReadOnlyDictionary<string, string> values) =>
        VariablePattern().Replace(expression, match =>
        {
            var name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["plain"].Value;
            return BuiltIns.TryGetValue(name, out var builtIn) ? builtIn
                : values.TryGetValue(name, out var value) ? value
                : throw new InvalidOperationException($"unknown variable ${name} in {expression}");
        });

    private static IEnumerable<JsonObject> Flatten(JsonArray panels)
    {
        foreach (var panel in panels.Select(panel => panel!.AsObject()))
        {
            yield return panel;
            if (panel["panels"] is JsonArray nested)
            {
                foreach (var inner in Flatten(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    [GeneratedRegex(@"^label_values\((?<selector>.+),\s*(?<label>\w+)\)$")]
    private static partial Regex LabelValuesPattern();

    [GeneratedRegex(@"\$\{(?<braced>\w+)\}|\$(?<plain>\w+)")]
    private static partial Regex VariablePattern();
}

/// <summary>One PromQL query of the dashboard and where it stands in it.</summary>
public sealed record DashboardQuery(string Where, string Expression);
