using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gateway.Tests.Fixtures;

/// <summary>
/// A real Prometheus server (the distribution's <c>prometheus</c>) on a free loopback port with its own temporary storage,
/// run from a configuration the test writes, and read through its HTTP API. Fails (never skips) when prometheus is not
/// installed: scripts/test.sh installs it. Its own output is kept for failure messages.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly DirectoryInfo _storage;
    private readonly StringBuilder _log = new();

    private PrometheusServer(Process process, DirectoryInfo storage, int port)
    {
        _process = process;
        _storage = storage;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public HttpClient Client { get; }

    /// <summary>What Prometheus wrote so far (its log goes to stderr).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts Prometheus with <paramref name="configFile"/> and waits until it is ready to answer queries.</summary>
    public static async Task<PrometheusServer> StartAsync(string configFile)
    {
        var executable = RedisServer.FindExecutable("prometheus")
            ?? throw new InvalidOperationException("prometheus is not installed; run scripts/test.sh, which installs it (apt-get install prometheus).");
        var port = RedisServer.FreePort();
        var storage = Directory.CreateTempSubdirectory("gateway-prometheus-");
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList =
            {
                $"--config.file={configFile}",
                $"--storage.tsdb.path={storage.FullName}",
                $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var server = new PrometheusServer(Process.Start(start)!, storage, port);
        server._process.OutputDataReceived += (_, line) => server.Append(line.Data);
        server._process.ErrorDataReceived += (_, line) => server.Append(line.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>An instant query (<c>/api/v1/query</c>) at the present moment.</summary>
    public async Task<QueryAnswer> QueryAsync(string expression)
    {
        using var response = await Client.GetAsync($"/api/v1/query?query={Uri.EscapeDataString(expression)}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            return new QueryAnswer(false, root.TryGetProperty("error", out var error) ? error.GetString() : $"HTTP {(int)response.StatusCode}", 0);
        }

        var result = root.GetProperty("data").GetProperty("result");
        return new QueryAnswer(true, null, result.ValueKind == JsonValueKind.Array ? result.GetArrayLength() : 1);
    }

    /// <summary>The <c>data</c> of a successful API answer, e.g. <c>/api/v1/rules</c>.</summary>
    public async Task<JsonElement> GetDataAsync(string pathAndQuery)
    {
        var text = await Client.GetStringAsync(pathAndQuery);
        using var json = JsonDocument.Parse(text);
        if (json.RootElement.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"{pathAndQuery} answered {text}");
        }

        return json.RootElement.GetProperty("data").Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _storage.Delete(recursive: true);
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await Client.GetAsync("/-/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"prometheus was not ready within {StartTimeout}:\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}

/// <summary>Prometheus's answer to one query: whether it succeeded, its error otherwise, and how many series it returned.</summary>
public sealed record QueryAnswer(bool Success, string? Error, int SeriesCount);
