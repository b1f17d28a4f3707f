using System.ComponentModel;
using System.Diagnostics;

namespace Gateway.Tests.Fixtures;

/// <summary>Runs a PHP script with php-cli, the oracle for how PHP backends read what the gateway verified.</summary>
/// <remarks>Fails (never skips) when php is missing: the README's test command installs php-cli.</remarks>
public static class Php
{
    /// <summary>Runs <paramref name="script"/> with <c>php -n -r</c> (PHP's defaults, no php.ini), feeding it <paramref name="input"/>.</summary>
    public static string Run(string script, string input, params string[] arguments)
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
