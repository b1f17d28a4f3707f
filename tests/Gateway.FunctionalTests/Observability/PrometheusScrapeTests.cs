using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gateway.Tests.Fixtures;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Observability;

/// <summary>
/// The shipped deploy/ files against a real Prometheus scraping a real gateway under real traffic: every dashboard query
/// and every rule is valid PromQL over the series the gateway really exports (a renamed metric or a typo in a label shows
/// here, not at 3 a.m.), the template variables list what an operator picks from, and the store-outage alert fires when
/// Redis goes away.
/// </summary>
public sealed partial class PrometheusScrapeTests(PrometheusScrapeTests.Deployment deployment) : IClassFixture<PrometheusScrapeTests.Deployment>
{
    /// <summary>The .NET event counters (YARP, Kestrel, hosting) are published every 10 s; everything else exists from startup.</summary>
    private static readonly TimeSpan SeriesDeadline = TimeSpan.FromSeconds(45);

    private static readonly TimeSpan AlertDeadline = TimeSpan.FromSeconds(30);

    private PrometheusServer Prometheus => deployment.Prometheus;

    [Fact]
    public async Task Scrape_AfterRealTraffic_EachOutcomeCountedAsSent()
    {
        var expected = new Dictionary<string, double>
        {
            ["forwarded"] = Deployment.Forwarded,
            ["duplicate"] = Deployment.Duplicates,
            ["invalid_signature"] = Deployment.Forged,
            ["stale"] = Deployment.Stale,
            ["backend_rejected"] = Deployment.Rejected,
        };
        var counted = new Dictionary<string, double>();

        await PollAsync(SeriesDeadline, async () =>
        {
            counted = await OutcomesAsync();
            return expected.All(outcome => counted.GetValueOrDefault(outcome.Key) == outcome.Value);
        });

        Assert.Equal(expected, expected.Keys.ToDictionary(outcome => outcome, outcome => counted.GetValueOrDefault(outcome)));
    }

    [Fact]
    public async Task DashboardQueries_AfterRealTraffic_EachValidAndReturningSeries()
    {
        var dashboard = GrafanaDashboard.Load();
        var variables = await VariableValuesAsync(dashboard);
        var panels = GrafanaDashboard.PanelQueries(dashboard).ToList();
        var annotations = GrafanaDashboard.AnnotationQueries(dashboard).ToList();
        var problems = new List<string>();

        // Only empty answers are worth waiting for (the event counters come after about 10 s, a rate needs two scrapes); an
        // invalid query stays invalid.
        await PollAsync(SeriesDeadline, async () =>
        {
            problems = [.. await ProblemsAsync(panels, variables, needSeries: true), .. await ProblemsAsync(annotations, variables, needSeries: false)];
            return problems.All(problem => problem.StartsWith("invalid", StringComparison.Ordinal));
        });

        Assert.NotEmpty(panels);
        Assert.True(problems.Count == 0, $"{problems.Count} of {panels.Count + annotations.Count} dashboard queries failed:\n{string.Join("\n", problems)}");
    }

    /// <summary>Grafana fills the variables from <c>label_values(selector, label)</c>, which Prometheus answers at <c>/api/v1/label/…/values</c>.</summary>
    [Fact]
    public async Task DashboardVariables_AfterRealTraffic_ListJobInstancePoliciesAndRoutes()
    {
        var expected = new Dictionary<string, string[]>
        {
            ["job"] = [Deployment.Job],
            ["instance"] = [deployment.Instance],
            ["policy"] = [TestCallbacks.Policy],
            ["route"] = [TestCallbacks.Policy, "rest"],
        };
        var listed = new Dictionary<string, string[]>();

        await PollAsync(SeriesDeadline, async () =>
        {
            listed = await VariableOptionsAsync(GrafanaDashboard.Load());
            return expected.All(variable => variable.Value.All(listed.GetValueOrDefault(variable.Key, []).Contains));
        });

        Assert.Equal(expected.Keys.Order(), listed.Keys.Order());
        foreach (var (name, values) in expected)
        {
            Assert.True(values.All(listed[name].Contains), $"variable {name} lists [{string.Join(", ", listed[name])}], not all of [{string.Join(", ", values)}]");
        }
    }

    [Fact]
    public async Task AlertRules_LoadedByPrometheus_EachHealthyCompleteAndQueryable()
    {
        var rules = new List<JsonElement>();

        // A rule's health is "unknown" until its group's first evaluation (every second here).
        await PollAsync(SeriesDeadline, async () =>
        {
            rules = await RulesAsync();
            return rules.Count > 0 && rules.All(rule => rule.GetProperty("health").GetString() != "unknown");
        });

        var problems = new List<string>();
        foreach (var rule in rules)
        {
            var name = rule.GetProperty("name").GetString();
            var query = rule.GetProperty("query").GetString()!;
            if (rule.GetProperty("health").GetString() != "ok")
            {
                problems.Add($"rule {name}: health {rule.GetProperty("health")}, {rule.GetProperty("lastError")}\n  {query}");
            }

            var answer = await Prometheus.QueryAsync(query);
            if (!answer.Success)
            {
                problems.Add($"rule {name}: {query}\n  Prometheus: {answer.Error}");
            }

            if (rule.GetProperty("type").GetString() == "alerting")
            {
                problems.AddRange(AlertProblems(rule));
            }
        }

        Assert.Contains(rules, rule => rule.GetProperty("type").GetString() == "alerting");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The shipped expression, from alerts.yml; only its `for:` is shortened in the copy Prometheus runs (see <see cref="Deployment"/>).</summary>
    [Fact]
    public async Task DedupStoreDownAlert_RedisStopped_Fires()
    {
        const string Alert = "CallbackGatewayDedupStoreDown";
        await PollAsync(SeriesDeadline, async () => (await Prometheus.QueryAsync($"gateway_dedup_store_up{{job=\"{Deployment.Job}\"}} == 1")).SeriesCount == 1);
        Assert.DoesNotContain(await AlertsAsync(), alert => Name(alert) == Alert);

        deployment.Redis.Stop();
        try
        {
            var alerts = new List<JsonElement>();
            await PollAsync(AlertDeadline, async () =>
            {
                alerts = await AlertsAsync();
                return alerts.Any(alert => Name(alert) == Alert && alert.GetProperty("state").GetString() == "firing");
            });

            var firing = alerts.SingleOrDefault(alert => Name(alert) == Alert && alert.GetProperty("state").GetString() == "firing");
            Assert.True(firing.ValueKind == JsonValueKind.Object, $"{Alert} not firing within {AlertDeadline} of Redis stopping; alerts: {JsonSerializer.Serialize(alerts)}\n{Prometheus.Log}");
            Assert.Equal("critical", firing.GetProperty("labels").GetProperty("severity").GetString());
            Assert.Equal(deployment.Instance, firing.GetProperty("labels").GetProperty("instance").GetString());
        }
        finally
        {
            // The other tests of this class share the deployment and may come after this one.
            await deployment.Redis.StartAsync();
        }
    }

    private static string? Name(JsonElement alert) => alert.GetProperty("labels").GetProperty("alertname").GetString();

    private static IEnumerable<string> AlertProblems(JsonElement rule)
    {
        var name = rule.GetProperty("name").GetString();
        if (rule.GetProperty("duration").GetDouble() <= 0)
        {
            yield return $"alert {name}: no `for:`";
        }

        var severity = rule.GetProperty("labels").TryGetProperty("severity", out var label) ? label.GetString() : null;
        if (severity is not ("critical" or "warning"))
        {
            yield return $"alert {name}: severity '{severity}', not critical or warning";
        }

        foreach (var annotation in new[] { "summary", "description", "runbook" })
        {
            if (!rule.GetProperty("annotations").TryGetProperty(annotation, out var text) || string.IsNullOrWhiteSpace(text.GetString()))
            {
                yield return $"alert {name}: no {annotation} annotation";
            }
        }
    }

    /// <summary>Each query that fails or, where <paramref name="needSeries"/>, returns nothing: named, with its expression and Prometheus's error.</summary>
    private async Task<List<string>> ProblemsAsync(IEnumerable<DashboardQuery> queries, IReadOnlyDictionary<string, string> variables, bool needSeries)
    {
        var problems = new List<string>();
        foreach (var query in queries)
        {
            var expression = GrafanaDashboard.Substitute(query.Expression, variables);
            var answer = await Prometheus.QueryAsync(expression);
            if (!answer.Success)
            {
                problems.Add($"invalid: {query.Where}: {expression}\n  Prometheus: {answer.Error}");
            }
            else if (needSeries && answer.SeriesCount == 0)
            {
                problems.Add($"empty: {query.Where} returned no series: {expression}");
            }
        }

        return problems;
    }

    /// <summary>What Grafana would put in each variable by default: a single-value variable its first option, the others "All" (their allValue).</summary>
    private async Task<Dictionary<string, string>> VariableValuesAsync(JsonObject dashboard)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        await PollAsync(SeriesDeadline, async () =>
        {
            values.Clear();
            foreach (var variable in GrafanaDashboard.QueryVariables(dashboard))
            {
                var name = (string)variable["name"]!;
                var options = await OptionsAsync(variable, values);
                if ((string?)variable["allValue"] is { } all)
                {
                    values[name] = all;
                }
                else if (options.Length > 0)
                {
                    values[name] = options[0];
                }
                else
                {
                    return false;
                }
            }

            return true;
        });
        return values;
    }

    private async Task<Dictionary<string, string[]>> VariableOptionsAsync(JsonObject dashboard)
    {
        var values = await VariableValuesAsync(dashboard);
        var options = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var variable in GrafanaDashboard.QueryVariables(dashboard))
        {
            options[(string)variable["name"]!] = await OptionsAsync(variable, values);
        }

        return options;
    }

    private async Task<string[]> OptionsAsync(JsonObject variable, IReadOnlyDictionary<string, string> values)
    {
        var (selector, label) = GrafanaDashboard.LabelValues(variable);
        var match = Uri.EscapeDataString(GrafanaDashboard.Substitute(selector, values));
        var data = await Prometheus.GetDataAsync($"/api/v1/label/{label}/values?match[]={match}");
        return [.. data.EnumerateArray().Select(value => value.GetString()!).Order(StringComparer.Ordinal)];
    }

    private async Task<Dictionary<string, double>> OutcomesAsync()
    {
        var data = await Prometheus.GetDataAsync($"/api/v1/query?query={Uri.EscapeDataString($"sum by (outcome) (gateway_callbacks_total{{job=\"{Deployment.Job}\"}})")}");
        return data.GetProperty("result").EnumerateArray().ToDictionary(
            series => series.GetProperty("metric").GetProperty("outcome").GetString()!,
            series => double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture));
    }

    private async Task<List<JsonElement>> RulesAsync() =>
        [.. (await Prometheus.GetDataAsync("/api/v1/rules")).GetProperty("groups").EnumerateArray().SelectMany(group => group.GetProperty("rules").EnumerateArray())];

    private async Task<List<JsonElement>> AlertsAsync() =>
        [.. (await Prometheus.GetDataAsync("/api/v1/alerts")).GetProperty("alerts").EnumerateArray()];

    /// <summary>Retries <paramref name="condition"/> until it holds or <paramref name="deadline"/> passes; the caller asserts afterwards, with what it saw last.</summary>
    private static async Task PollAsync(TimeSpan deadline, Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow + deadline;
        while (!await condition() && DateTime.UtcNow < until)
        {
            await Task.Delay(500);
        }
    }

    /// <summary>
    /// Redis, a backend, a gateway with its management listener on a free port, and Prometheus run from the shipped
    /// prometheus.yml and alerts.yml, with the target, the intervals (1 s) and every alert's `for:` (1 s) changed: the
    /// expressions are the shipped ones, and promtool's unit tests cover the real durations. Then real traffic.
    /// </summary>
    public sealed partial class Deployment : IAsyncLifetime
    {
        public const string Job = "callback-gateway";
        public const int Forwarded = 5;
        public const int Duplicates = 3;
        public const int Forged = 4;
        public const int Stale = 2;
        public const int Rejected = 2;
        private const int PlainRequests = 5;

        private readonly int _managementPort = RedisServer.FreePort();
        private readonly DirectoryInfo _configDirectory = Directory.CreateTempSubdirectory("gateway-prometheus-config-");
        private Backend? _backend;
        private GatewayInstance? _gateway;
        private PrometheusServer? _prometheus;

        public RedisServer Redis { get; } = new();

        public PrometheusServer Prometheus => _prometheus!;

        /// <summary>The gateway's management listener as Prometheus labels it.</summary>
        public string Instance => $"127.0.0.1:{_managementPort}";

        public async Task InitializeAsync()
        {
            await Redis.StartAsync();
            _backend = await Backend.StartAsync();
            var config = TestCallbacks.Config(_backend.Address, Redis.ConnectionString);
            config["Gateway"]!["ManagementUrls"] = $"http://{Instance}";
            _gateway = await GatewayInstance.StartAsync(config);

            await WritePrometheusConfigAsync();
            _prometheus = await PrometheusServer.StartAsync(Path.Combine(_configDirectory.FullName, "prometheus.yml"));
            await SendTrafficAsync();
        }

        public async Task DisposeAsync()
        {
            if (_prometheus is not null)
            {
                await _prometheus.DisposeAsync();
            }

            if (_gateway is not null)
            {
                await _gateway.DisposeAsync();
            }

            if (_backend is not null)
            {
                await _backend.DisposeAsync();
            }

            await Redis.DisposeAsync();
            _configDirectory.Delete(recursive: true);
        }

        private async Task WritePrometheusConfigAsync()
        {
            var config = await File.ReadAllTextAsync(RepositoryFiles.Path("deploy", "prometheus", "prometheus.yml"));
            config = Replace(config, "prometheus.yml", "127.0.0.1:9091", Instance);
            config = Replace(config, "prometheus.yml", "scrape_interval: 15s", "scrape_interval: 1s");
            config = Replace(config, "prometheus.yml", "evaluation_interval: 15s", "evaluation_interval: 1s");
            await File.WriteAllTextAsync(Path.Combine(_configDirectory.FullName, "prometheus.yml"), config);

            var alerts = await File.ReadAllTextAsync(RepositoryFiles.Path("deploy", "prometheus", "alerts.yml"));
            Assert.True(ForPattern().IsMatch(alerts), "alerts.yml has no `for:` to shorten");
            await File.WriteAllTextAsync(Path.Combine(_configDirectory.FullName, "alerts.yml"), ForPattern().Replace(alerts, "${key}1s"));
        }

        /// <summary>Replaces what the test must change in a shipped file, and says so if the file no longer holds it.</summary>
        private static string Replace(string text, string file, string shipped, string replacement)
        {
            Assert.True(text.Contains(shipped, StringComparison.Ordinal), $"deploy/prometheus/{file} no longer holds '{shipped}', which this test replaces with '{replacement}'.");
            return text.Replace(shipped, replacement, StringComparison.Ordinal);
        }

        /// <summary>Forwarded, duplicate, forged (wrong secret, no signature), stale and backend-rejected callbacks, and plain requests through the catch-all route.</summary>
        private async Task SendTrafficAsync()
        {
            var client = _gateway!.Client;
            var bodies = Enumerable.Range(0, Forwarded).Select(_ => TestCallbacks.NewBody()).ToList();
            foreach (var body in bodies)
            {
                await ExpectAsync(client, TestCallbacks.SignedRequest(body), HttpStatusCode.OK);
            }

            foreach (var body in bodies.Take(Duplicates))
            {
                await ExpectAsync(client, TestCallbacks.SignedRequest(body), HttpStatusCode.OK);
            }

            for (var i = 0; i < Forged; i++)
            {
                await ExpectAsync(client, i % 2 == 0 ? TestCallbacks.SignedRequest(TestCallbacks.NewBody(), secret: "not-the-secret") : TestCallbacks.UnsignedRequest(TestCallbacks.NewBody()), HttpStatusCode.Unauthorized);
            }

            for (var i = 0; i < Stale; i++)
            {
                await ExpectAsync(client, TestCallbacks.SignedRequest(TestCallbacks.NewBody(), at: DateTimeOffset.UtcNow.AddHours(-1)), HttpStatusCode.Unauthorized);
            }

            _backend!.Status = StatusCodes.Status500InternalServerError;
            for (var i = 0; i < Rejected; i++)
            {
                await ExpectAsync(client, TestCallbacks.SignedRequest(TestCallbacks.NewBody()), HttpStatusCode.InternalServerError);
            }

            _backend.Status = StatusCodes.Status200OK;
            for (var i = 0; i < PlainRequests; i++)
            {
                await ExpectAsync(client, new HttpRequestMessage(HttpMethod.Get, $"/orders/{i}"), HttpStatusCode.OK);
            }
        }

        private static async Task ExpectAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode status)
        {
            using (request)
            {
                using var response = await client.SendAsync(request);
                Assert.True(response.StatusCode == status, $"{request.Method} {request.RequestUri}: {(int)response.StatusCode}, not {(int)status}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        [GeneratedRegex(@"^(?<key>\s+for:\s*)\S+[ \t]*$", RegexOptions.Multiline)]
        private static partial Regex ForPattern();
    }
}
