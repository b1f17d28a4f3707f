using System.Diagnostics;
using System.Text.Json;
using Gateway.Tests.Fixtures;

namespace Gateway.FunctionalTests.LoadTests;

/// <summary>
/// The load-test tool's smoke run: every scenario for a second or two, real gateway processes in front of a real nginx
/// and redis-server. It must end with every outcome check passed: each event acknowledged to a sender delivered to the
/// backend exactly once, none twice, none unsent. The test reads the tool's JSON report and checks that its counts are
/// there and agree with each other, so a tool that checked nothing could not pass.
/// </summary>
[Collection(LoadTestsGroup.Name)]
public sealed class LoadScenarioSmokeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task SmokeRun_EveryScenario_DeliversEachAcknowledgedEventExactlyOnce()
    {
        var results = Directory.CreateTempSubdirectory("gateway-load-smoke-");
        try
        {
            var (exitCode, output) = await RunToolAsync("--smoke", "--results", results.FullName);
            Assert.True(exitCode == 0, $"The smoke run exited with {exitCode}:{Environment.NewLine}{output}");

            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(results.FullName, "report.json")));
            var found = report.RootElement.GetProperty("results");
            var outcomes = found.GetProperty("outcomes").EnumerateArray().ToDictionary(outcome => outcome.GetProperty("scenario").GetString()!);
            Assert.Equal(
                ["callback-memory", "callback-redis", "duplicate-storm", "latency callback-memory", "latency callback-redis", "retry-storm", "soak"],
                outcomes.Keys.Order(StringComparer.Ordinal));

            foreach (var (scenario, outcome) in outcomes)
            {
                long Count(string name) => outcome.GetProperty(name).GetInt64();
                Assert.True(outcome.GetProperty("passed").GetBoolean(), $"{scenario}: {outcome}");
                Assert.Equal(0, Count("deliveredTwice"));
                Assert.Equal(0, Count("neverDelivered"));
                Assert.Equal(0, Count("deliveredUnsent"));
                Assert.Equal(0, Count("foreignAnswers"));
                // Every acknowledged event was delivered; the backend may also have had events whose answer was still on
                // its way when wrk stopped, and it cannot have had more than were sent.
                Assert.InRange(Count("acknowledged"), 1, Count("delivered"));
                Assert.InRange(Count("delivered"), Count("acknowledged"), Count("sent"));
            }

            // Open-model and storm senders wait for every answer: each of their events is acknowledged and delivered.
            foreach (var scenario in new[] { "latency callback-memory", "latency callback-redis", "duplicate-storm", "retry-storm", "soak" })
            {
                var outcome = outcomes[scenario];
                Assert.Equal(outcome.GetProperty("sent").GetInt64(), outcome.GetProperty("acknowledged").GetInt64());
                Assert.Equal(outcome.GetProperty("sent").GetInt64(), outcome.GetProperty("delivered").GetInt64());
            }

            Assert.True(outcomes["duplicate-storm"].GetProperty("duplicateAnswers").GetInt64() > 0, "no copy was answered as a duplicate");
            Assert.True(outcomes["retry-storm"].GetProperty("refusedByBackend").GetInt64() > 0, "the backend failed no first attempt");

            Assert.Equal(
                ["plain", "plain-post", "callback-memory", "callback-redis", "nginx-direct", "nginx-proxy"],
                found.GetProperty("saturation").GetProperty("rows").EnumerateArray().Select(row => row.GetProperty("name").GetString()));
            Assert.All(
                found.GetProperty("saturation").GetProperty("rows").EnumerateArray(),
                row => Assert.True(row.GetProperty("median").GetProperty("requestsPerSecond").GetDouble() > 0));
            Assert.True(found.GetProperty("redisKeys").GetProperty("keys").GetInt64() > 0);
            Assert.True(found.GetProperty("inMemoryStore").GetProperty("bytesPerEvent").GetDouble() > 0);
            Assert.NotEmpty(found.GetProperty("soak").GetProperty("residentBytes").EnumerateArray());
        }
        finally
        {
            results.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Runs the tool as CI would, built in this test's configuration (it is a project reference). Past the limit it gets
    /// SIGTERM, on which it stops every server it started, and is killed only if it does not end then.
    /// </summary>
    private static async Task<(int ExitCode, string Output)> RunToolAsync(params string[] arguments)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tool = RepositoryFiles.Path("load-tests", "Gateway.LoadTests", "bin", output.Parent!.Name, output.Name, "Gateway.LoadTests.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { tool },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            using (var terminate = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await terminate.WaitForExitAsync();
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
            }

            Assert.Fail($"The smoke run took longer than {Limit}:{Environment.NewLine}{await standardOutput}{await standardError}");
        }

        return (process.ExitCode, await standardOutput + await standardError);
    }
}
