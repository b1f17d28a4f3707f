using System.Diagnostics;
using System.Text.RegularExpressions;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.Observability;

/// <summary>
/// The shipped Prometheus files, checked by Prometheus's own tool: the rules parse, their unit tests (alerts.test.yml)
/// pass, the scrape config is valid, and every alert has unit tests both ways. Fails (never skips) without promtool.
/// </summary>
public sealed partial class PromtoolTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task CheckRules_ShippedAlerts_Valid()
    {
        var (exitCode, output) = await PromtoolAsync("check", "rules", "deploy/prometheus/alerts.yml");

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task TestRules_ShippedUnitTests_AllPass()
    {
        var (exitCode, output) = await PromtoolAsync("test", "rules", "deploy/prometheus/alerts.test.yml");

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task CheckConfig_ShippedScrapeConfig_Valid()
    {
        var (exitCode, output) = await PromtoolAsync("check", "config", "deploy/prometheus/prometheus.yml");

        Assert.True(exitCode == 0, output);
    }

    /// <summary>promtool runs only the tests that are written: an alert without a firing case, or without a case where it must stay quiet, is untested.</summary>
    [Fact]
    public void UnitTests_EveryShippedAlert_HasAFiringAndAQuietCase()
    {
        var alerts = AlertPattern().Matches(File.ReadAllText(RepositoryFiles.Path("deploy", "prometheus", "alerts.yml")))
            .Select(match => match.Groups["name"].Value)
            .ToList();
        var tests = File.ReadAllText(RepositoryFiles.Path("deploy", "prometheus", "alerts.test.yml"));
        var firing = FiringCasePattern().Matches(tests).Select(match => match.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        var quiet = QuietCasePattern().Matches(tests).Select(match => match.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(alerts);
        Assert.Empty(alerts.Where(alert => !firing.Contains(alert)).Select(alert => $"{alert}: no test where it fires"));
        Assert.Empty(alerts.Where(alert => !quiet.Contains(alert)).Select(alert => $"{alert}: no test where it stays quiet"));
    }

    /// <summary>Runs promtool in the repository's root, so the paths are the ones a reader would type.</summary>
    private static async Task<(int ExitCode, string Output)> PromtoolAsync(params string[] arguments)
    {
        var executable = RedisServer.FindExecutable("promtool")
            ?? throw new InvalidOperationException("promtool is not installed; run scripts/test.sh, which installs it (apt-get install prometheus).");
        var start = new ProcessStartInfo(executable, arguments)
        {
            WorkingDirectory = RepositoryFiles.Path(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(Timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"promtool {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return (process.ExitCode, $"promtool {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}{await errors}");
    }

    [GeneratedRegex(@"^\s*- alert: (?<name>\w+)\s*$", RegexOptions.Multiline)]
    private static partial Regex AlertPattern();

    [GeneratedRegex(@"alertname: (?<name>\w+)\s+exp_alerts:\s*\n\s*- exp_labels:")]
    private static partial Regex FiringCasePattern();

    [GeneratedRegex(@"alertname: (?<name>\w+)\s+exp_alerts: \[\]")]
    private static partial Regex QuietCasePattern();
}
