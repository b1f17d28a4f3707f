using System.Net;
using System.Text;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.TrustedHeaders;

/// <summary>
/// The backend snippets of SECURITY.md (C#, PHP, Python) against signatures the gateway makes, tampered and malformed ones,
/// and the header a real backend receives from a real gateway.
/// </summary>
public sealed class BackendSignatureCheckTests
{
    /// <summary>Each script language runs every case in one interpreter start, shared by that language's rows.</summary>
    private static readonly Dictionary<string, Lazy<Task<string[]>>> ScriptVerdicts = SecuritySnippets.Scripts.ToDictionary(
        language => language.Name,
        language => new Lazy<Task<string[]>>(() => SecuritySnippets.RunAsync(language, BackendSignatureCases.All)));

    public static TheoryData<string> Scenarios => BackendSignatureCases.Scenarios;

    public static TheoryData<string, string> ScriptScenarios
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var language in SecuritySnippets.Scripts)
            {
                foreach (var c in BackendSignatureCases.All)
                {
                    data.Add(language.Name, c.Scenario);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void CSharpCheck_SignedOrTampered_ReturnsExpectedVerdict(string scenario)
    {
        var c = BackendSignatureCases.All[BackendSignatureCases.IndexOf(scenario)];

        var valid = CheckInCSharp(c);

        Assert.Equal(c.Expected, valid);
    }

    [Theory]
    [MemberData(nameof(ScriptScenarios))]
    public async Task ScriptSnippet_SignedOrTampered_ReturnsExpectedVerdict(string language, string scenario)
    {
        var index = BackendSignatureCases.IndexOf(scenario);

        var verdicts = await ScriptVerdicts[language].Value;

        Assert.Equal(Verdict(BackendSignatureCases.All[index].Expected), verdicts[index]);
    }

    [Fact]
    public void CSharpSnippet_InSecurityDoc_IsTheTestedClass()
    {
        var source = File.ReadAllText(SecuritySnippets.RepositoryFile("tests", "Gateway.FunctionalTests", "TrustedHeaders", "BackendSignatureCheck.cs"))
            .ReplaceLineEndings("\n")
            .Replace("namespace Gateway.Tests.TrustedHeaders;\n\n", string.Empty, StringComparison.Ordinal);

        var documented = SecuritySnippets.Extract("csharp");

        Assert.Equal(source, documented);
    }

    /// <summary>Timing cannot be asserted from here, so hold each snippet to its language's constant-time comparison.</summary>
    [Theory]
    [InlineData("csharp", "return CryptographicOperations.FixedTimeEquals(")]
    [InlineData("php", "return hash_equals(")]
    [InlineData("python", "return hmac.compare_digest(")]
    public void SecurityDocSnippet_MacComparison_IsConstantTime(string snippet, string comparison)
    {
        var text = SecuritySnippets.Extract(snippet);

        Assert.Contains(comparison, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SnippetRun_InterpreterMissing_FailsWithInstallHint()
    {
        var missing = SecuritySnippets.Php with { Executable = "php-that-is-not-installed" };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SecuritySnippets.RunAsync(missing, BackendSignatureCases.All));

        Assert.Contains("scripts/test.sh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwardedCallback_BackendChecksHeaderInEachLanguage_ValidUntilBodyChanges()
    {
        await using var backend = await Backend.StartAsync();
        await using var gateway = await GatewayInstance.StartAsync(TestCallbacks.Config(backend.Address));

        var response = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(TestCallbacks.NewBody()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(backend.Received);
        var asReceived = ReceivedCase("as received", received, received.Body, expected: true);
        var tampered = ReceivedCase("body changed", received, [.. received.Body, (byte)' '], expected: false);
        Assert.True(CheckInCSharp(asReceived));
        Assert.False(CheckInCSharp(tampered));
        foreach (var language in SecuritySnippets.Scripts)
        {
            Assert.Equal(["valid", "invalid"], await SecuritySnippets.RunAsync(language, [asReceived, tampered]));
        }
    }

    private static BackendSignatureCase ReceivedCase(string scenario, ReceivedRequest received, byte[] body, bool expected) =>
        new(
            scenario,
            received.Headers.GetValueOrDefault("X-Callback-Gateway-Signature"),
            received.Headers.GetValueOrDefault("X-Callback-Event-Id"),
            body,
            Encoding.UTF8.GetBytes(TestCallbacks.GatewayKey),
            DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            BackendSignatureCases.Tolerance,
            expected);

    private static bool CheckInCSharp(BackendSignatureCase c) =>
        BackendSignatureCheck.IsValid(c.Header, c.EventId, c.Body, c.Key, DateTimeOffset.FromUnixTimeSeconds(c.Now), TimeSpan.FromSeconds(c.ToleranceSeconds));

    private static string Verdict(bool valid) => valid ? "valid" : "invalid";
}
