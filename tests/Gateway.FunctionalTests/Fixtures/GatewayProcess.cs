using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Gateway.Tests.Fixtures;

/// <summary>
/// The gateway as operators run it, <c>dotnet Gateway.dll --config … --urls …</c>, in a process of its own: for what only a
/// process shows (its console output, its answer to SIGTERM, its exit code). Its output lines are kept.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _configPath;

    private GatewayProcess(Process process, string configPath, int port)
    {
        _process = process;
        _configPath = configPath;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A client of the proxy's listener.</summary>
    public HttpClient Client { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout, one entry per line.</summary>
    public ConcurrentQueue<string> Output { get; } = new();

    public static async Task<GatewayProcess> StartAsync(JsonObject config, params string[] extraArgs)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gateway-process-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, config.ToJsonString());
        var port = RedisServer.FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "Gateway.dll"), "--config", path, "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", .. extraArgs])
        {
            start.ArgumentList.Add(argument);
        }

        var gateway = new GatewayProcess(Process.Start(start)!, path, port);
        gateway._process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                gateway.Output.Enqueue(line.Data);
            }
        };
        gateway._process.ErrorDataReceived += (_, _) => { };
        gateway._process.BeginOutputReadLine();
        gateway._process.BeginErrorReadLine();
        return gateway;
    }

    /// <summary>Sends a signal with kill(1): .NET's Process can only SIGKILL, and SIGTERM is what an orchestrator sends.</summary>
    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {Id} failed with {kill.ExitCode}");
        }
    }

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        Client.Dispose();
        File.Delete(_configPath);
        return ValueTask.CompletedTask;
    }
}
