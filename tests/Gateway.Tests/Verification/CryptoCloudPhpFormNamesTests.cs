using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>
/// <see cref="PhpFormNames"/> against PHP itself: each hostile form body goes through <c>parse_str</c> in <c>php -r</c>.
/// Fails (never skips) when php is not installed: the CI test script installs php-cli.
/// </summary>
public class CryptoCloudPhpFormNamesTests
{
    // Field names as a sender writes them in a URL-encoded body (so %00, %20, + and %5B are decoded by PHP first).
    private static readonly string[] HostileNames =
    [
        "invoice_id", "invoice.id", "invoice+id", "invoice%20id", "%20invoice_id", "+%20invoice_id", "%09invoice_id",
        "invoice_id[]", "invoice_id[x]", "invoice_id%5B%5D", "invoice_id[%20]", "invoice_id[[]", "invoice_id[a][b]",
        "invoice_id[", "invoice_id]", "invoice[id", "invoice[id]", "invoice[id.x", "invoice.id[", "invoice_id[a.b",
        "invoice_id%20[x]", "invoice_id%00", "invoice_id%00junk", "invoice%00_id", "%20%00invoice_id", "Invoice_id",
        "token", "token[]", "token.", "tok.en", ".token", "Token", "token[a", "token[a][b]", "%20token", "[token]",
        "%20", "a[b.c%20d[e", "x[%20]y", "token%2B", "tok%2Een",
    ];

    public static TheoryData<string> Names => new(HostileNames);

    [Fact]
    public void TopLevelName_HostileFormNames_SameKeysAsPhpParseStr()
    {
        // PHP prints, for each body, the hex of the top-level keys parse_str gives it (none when it drops the field).
        const string Script = """
            foreach (json_decode(stream_get_contents(STDIN)) as $body) {
                parse_str($body, $fields);
                echo implode(',', array_map(fn ($k) => bin2hex((string) $k), array_keys($fields))), "\n";
            }
            """;
        var bodies = HostileNames.Select(n => n + "=v").ToArray();

        var php = RunPhp(Script, JsonSerializer.Serialize(bodies)).Split('\n')[..bodies.Length];
        var ours = HostileNames.Select(n => PhpFormNames.TopLevelName(WebUtility.UrlDecode(n)))
            .Select(n => n.Length == 0 ? string.Empty : Convert.ToHexStringLower(Encoding.UTF8.GetBytes(n)));

        Assert.Equal(php, ours);
    }

    /// <summary>Runs <paramref name="script"/> with <c>php -n -r</c> (PHP's defaults, no php.ini), feeding it <paramref name="input"/>.</summary>
    internal static string RunPhp(string script, string input, params string[] arguments)
    {
        var start = new ProcessStartInfo("php")
        {
            ArgumentList = { "-n", "-r", script, "--" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("php is not installed (apt-get install php-cli); the CI test script installs it.", ex);
        }

        using (process)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"php failed: {error.Result}");
            return output;
        }
    }
}
