using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Gateway.Configuration;

/// <summary>
/// The gateway's JSON file (<c>yarp.json</c>, or <c>--config PATH</c> / <c>GATEWAY_CONFIG</c>) as a configuration source that,
/// unlike the stock JSON source, keeps the last good content when a change cannot be read or parsed (a half-written file,
/// a syntax error, a file briefly missing during an editor's save). The rejection is recorded for the log.
/// </summary>
internal sealed class GatewayConfigFile : IConfigurationSource
{
    public const string EnvironmentVariable = "GATEWAY_CONFIG";
    public const string DefaultFileName = "yarp.json";
    private const string ArgumentName = "--config";

    private ConfigFileRejection? _rejection;
    private bool _rejected;

    private GatewayConfigFile(string path) => FullPath = path;

    public string FullPath { get; }

    /// <summary>The last change that was rejected, if any, until it is taken for logging.</summary>
    public ConfigFileRejection? TakeRejection() => Interlocked.Exchange(ref _rejection, null);

    /// <summary>Whether the file as it is now was rejected (unreadable or invalid JSON); false again once a read succeeds.</summary>
    public bool IsRejected => Volatile.Read(ref _rejected);

    /// <summary>Finds the file from <c>--config PATH</c>, then <c>GATEWAY_CONFIG</c>, then <c>yarp.json</c> in the working directory.</summary>
    public static GatewayConfigFile Locate(string[] args)
    {
        string? path = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == ArgumentName && i + 1 < args.Length)
            {
                path = args[i + 1];
            }
            else if (args[i].StartsWith(ArgumentName + "=", StringComparison.Ordinal))
            {
                path = args[i][(ArgumentName.Length + 1)..];
            }
        }

        path ??= Environment.GetEnvironmentVariable(EnvironmentVariable);
        path ??= DefaultFileName;
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException(
                $"The gateway's configuration file '{full}' does not exist. Pass --config PATH or set {EnvironmentVariable}.", full);
        }

        return new GatewayConfigFile(full);
    }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(this);

    private void Reject(Exception exception)
    {
        Volatile.Write(ref _rejected, true);
        Volatile.Write(ref _rejection, new ConfigFileRejection(FullPath, exception.Message));
    }

    private sealed class Provider : ConfigurationProvider, IDisposable
    {
        private static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(250);
        private readonly GatewayConfigFile _source;
        private readonly PhysicalFileProvider _files;
        private readonly IDisposable _watch;
        private readonly Lock _reloading = new();

        public Provider(GatewayConfigFile source)
        {
            _source = source;
            _files = new PhysicalFileProvider(Path.GetDirectoryName(source.FullPath)!);
            var name = Path.GetFileName(source.FullPath);
            _watch = ChangeToken.OnChange(() => _files.Watch(name), () => _ = ReloadAsync());
        }

        public override void Load() => Data = Parse(_source.FullPath);

        public void Dispose()
        {
            _watch.Dispose();
            _files.Dispose();
        }

        private async Task ReloadAsync()
        {
            // Let the writer finish before reading: editors and deploy tools write in several steps.
            await Task.Delay(SettleDelay).ConfigureAwait(false);

            // One reload at a time, each reading the file when it holds the lock: a later reload reads a later file, so an
            // older parse that finishes late can never replace a newer one.
            lock (_reloading)
            {
                try
                {
                    var data = Parse(_source.FullPath);
                    Volatile.Write(ref _source._rejected, false); // also when the file went back to what is in force
                    if (!SameAs(data))
                    {
                        Data = data;
                        OnReload();
                    }
                }
                catch (Exception ex)
                {
                    // Whatever went wrong reading the change, the last good configuration stays (this runs unobserved).
                    _source.Reject(ex);
                    OnReload(); // nothing changed, but listeners get the chance to log the rejection
                }
            }
        }

        private bool SameAs(Dictionary<string, string?> data) =>
            data.Count == Data.Count && data.All(pair => Data.TryGetValue(pair.Key, out var value) && value == pair.Value);

        private static Dictionary<string, string?> Parse(string path)
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0)
            {
                throw new InvalidDataException($"'{path}' is empty.");
            }

            using var stream = new MemoryStream(bytes);
            var json = new StreamParser(new JsonStreamConfigurationSource { Stream = stream });
            try
            {
                json.Load(stream);
            }
            catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
            {
                // The stream parser lets JsonException through where the file parser wraps it in FormatException.
                throw new FormatException($"'{path}' is not valid JSON: {ex.InnerException?.Message ?? ex.Message}", ex);
            }

            return json.Data;
        }
    }

    /// <summary>The framework's JSON parser, with its result made readable.</summary>
    private sealed class StreamParser(JsonStreamConfigurationSource source) : JsonStreamConfigurationProvider(source)
    {
        public new Dictionary<string, string?> Data => new(base.Data, StringComparer.OrdinalIgnoreCase);
    }
}
