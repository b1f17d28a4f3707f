using System.Diagnostics;

namespace Gateway.LoadTests.Servers;

/// <summary>The servers and the load generator this tool runs, installed through apt-get when missing.</summary>
internal static class RequiredTools
{
    private static readonly (string Executable, string Package)[] Tools =
    [
        ("nginx", "nginx"),
        ("redis-server", "redis-server"),
        ("wrk", "wrk"),
    ];

    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        var missing = Tools.Where(tool => Executables.Find(tool.Executable) is null).Select(tool => tool.Package).ToArray();
        if (missing.Length == 0)
        {
            return;
        }

        Console.WriteLine($"{string.Join(", ", missing)} missing: installing with apt-get");
        await AptGetAsync(["update", "-qq"], cancellationToken);
        await AptGetAsync(["install", "-y", "-qq", .. missing], cancellationToken);
    }

    private static async Task AptGetAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "apt-get" : "sudo") { UseShellExecute = false };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var argument in asRoot ? arguments : ["apt-get", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("apt-get did not start.");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"apt-get {string.Join(' ', arguments)} failed (exit code {process.ExitCode}).");
        }
    }
}
