using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Gateway.Tests.Fixtures;

namespace Gateway.Tests.TrustedHeaders;

/// <summary>
/// The backend snippets of SECURITY.md, taken from the document itself (between <c>&lt;!-- snippet:NAME begin --&gt;</c> and
/// <c>&lt;!-- snippet:NAME end --&gt;</c>) so the text operators copy is the text under test, and run by the real interpreter
/// with a small driver: one JSON case a line in, one verdict a line out. Fails (never skips) when the interpreter is
/// missing: the README's test command installs it.
/// </summary>
public static class SecuritySnippets
{
    public static readonly SnippetLanguage Php = new("php", "php", "snippet.php", "driver.php", """
        <?php
        require __DIR__ . '/snippet.php';
        while (($line = fgets(STDIN)) !== false) {
            $c = json_decode($line, true, 512, JSON_THROW_ON_ERROR);
            try {
                $valid = callback_gateway_signature_is_valid($c['header'], $c['eventId'], base64_decode($c['body']), base64_decode($c['key']), $c['now'], $c['tolerance']);
                echo ($valid === true ? 'valid' : ($valid === false ? 'invalid' : 'not a bool')), "\n";
            } catch (Throwable $e) {
                echo 'threw ', get_class($e), "\n";
            }
        }
        """);

    public static readonly SnippetLanguage Python = new("python", "python3", "snippet.py", "driver.py", """
        import base64, json, sys
        from snippet import callback_gateway_signature_is_valid
        for line in sys.stdin:
            c = json.loads(line)
            try:
                valid = callback_gateway_signature_is_valid(c["header"], c["eventId"], base64.b64decode(c["body"]), base64.b64decode(c["key"]), c["now"], c["tolerance"])
                print("valid" if valid is True else "invalid" if valid is False else "not a bool")
            except Exception as e:
                print("threw", type(e).__name__)
        """);

    public static readonly IReadOnlyList<SnippetLanguage> Scripts = [Php, Python];

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static string RepositoryFile(params string[] parts) => RepositoryFiles.Path(parts);

    /// <summary>The text of the fence between the snippet's markers in SECURITY.md, without the fence lines.</summary>
    public static string Extract(string name)
    {
        var lines = File.ReadAllText(RepositoryFile("SECURITY.md")).ReplaceLineEndings("\n").Split('\n');
        var begin = Array.IndexOf(lines, $"<!-- snippet:{name} begin -->");
        var end = Array.IndexOf(lines, $"<!-- snippet:{name} end -->");
        if (begin < 0 || end < begin + 3 || !lines[begin + 1].StartsWith("```", StringComparison.Ordinal) || lines[end - 1] != "```"
            || Array.IndexOf(lines, lines[begin], begin + 1) >= 0)
        {
            throw new InvalidOperationException($"SECURITY.md must hold the {name} snippet once, as a ``` fence right between its begin and end markers.");
        }

        return string.Join('\n', lines[(begin + 2)..(end - 1)]) + "\n";
    }

    /// <summary>Runs the snippet once over all <paramref name="cases"/>; returns one verdict a case: valid, invalid, threw …</summary>
    public static async Task<string[]> RunAsync(SnippetLanguage language, IReadOnlyList<BackendSignatureCase> cases)
    {
        var executable = RedisServer.FindExecutable(language.Executable)
            ?? throw new InvalidOperationException($"{language.Executable} is not installed; run the README's test command (scripts/test.sh), which installs it.");
        var directory = Directory.CreateTempSubdirectory("gateway-snippet-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, language.SnippetFile), Extract(language.Name));
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, language.DriverFile), language.Driver);
            var start = new ProcessStartInfo(executable)
            {
                ArgumentList = { Path.Combine(directory.FullName, language.DriverFile) },
                WorkingDirectory = directory.FullName,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardInputEncoding = new UTF8Encoding(false),
                Environment = { ["PYTHONDONTWRITEBYTECODE"] = "1", ["PYTHONIOENCODING"] = "utf-8" },
            };
            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(Timeout);
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                foreach (var c in cases)
                {
                    await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new
                    {
                        header = c.Header,
                        eventId = c.EventId,
                        body = Convert.ToBase64String(c.Body),
                        key = Convert.ToBase64String(c.Key),
                        now = c.Now,
                        tolerance = c.ToleranceSeconds,
                    }));
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The interpreter stopped reading (a snippet that does not compile): its output, below, says why.
            }

            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{language.Executable} did not finish within {Timeout}.");
            }

            var verdicts = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (process.ExitCode != 0 || verdicts.Length != cases.Count)
            {
                throw new InvalidOperationException(
                    $"{language.Executable} exited with {process.ExitCode} and {verdicts.Length} verdicts for {cases.Count} cases:\n{await errors}\n{await output}");
            }

            return verdicts;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

/// <summary>How to run one language's snippet: the interpreter, the fence name in SECURITY.md and the driver around it.</summary>
public sealed record SnippetLanguage(string Name, string Executable, string SnippetFile, string DriverFile, string Driver);
