using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Tests.Fixtures;
using Gateway.Verification;

namespace Gateway.Tests.Verification;

/// <summary>
/// <see cref="PhpFormNames"/> against PHP itself: each hostile form body goes through <c>parse_str</c> in <c>php -r</c>.
/// Fails (never skips) when php is not installed: the CI test script installs php-cli.
/// </summary>
public class CryptoCloudPhpFormNamesTests
{
    private static readonly string[] HostileNames = PhpHostileFormNames.All;

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

        var php = Php.Run(Script, JsonSerializer.Serialize(bodies)).Split('\n')[..bodies.Length];
        var ours = HostileNames.Select(n => PhpFormNames.TopLevelName(WebUtility.UrlDecode(n)))
            .Select(n => n.Length == 0 ? string.Empty : Convert.ToHexStringLower(Encoding.UTF8.GetBytes(n)));

        Assert.Equal(php, ours);
    }
}
