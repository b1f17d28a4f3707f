using System.Text;
using Microsoft.Extensions.Primitives;

namespace Gateway.Configuration;

/// <summary>
/// Holds the current <see cref="CallbackSettings"/>. At startup an invalid configuration throws with every error;
/// on a later change an invalid configuration is logged and the last good settings stay in force.
/// </summary>
public sealed partial class CallbackSettingsMonitor : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly CallbackSettingsLoader _loader;
    private readonly GatewayConfigFile? _file;
    private readonly ILogger<CallbackSettingsMonitor> _logger;
    private readonly Lock _lock = new();
    private readonly IDisposable _subscription;
    private CallbackSettings _current;
    private string _fingerprint;

    public CallbackSettingsMonitor(
        IConfiguration configuration,
        CallbackSettingsLoader loader,
        ILogger<CallbackSettingsMonitor> logger,
        GatewayConfigFile? file = null)
    {
        _configuration = configuration;
        _loader = loader;
        _logger = logger;
        _file = file;
        _fingerprint = Fingerprint();
        _current = loader.Load(configuration, out var errors) ?? throw new GatewayConfigurationException(errors);
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Refresh);
    }

    public CallbackSettings Current => Volatile.Read(ref _current);

    /// <summary>Takes a changed configuration if it is valid; idempotent, so every listener may call it.</summary>
    public void Refresh()
    {
        lock (_lock)
        {
            if (_file?.TakeRejection() is { } rejection)
            {
                Log.ConfigFileRejected(_logger, rejection.Path, rejection.Reason);
            }

            var fingerprint = Fingerprint();
            if (fingerprint == _fingerprint)
            {
                return;
            }

            _fingerprint = fingerprint;
            var settings = _loader.Load(_configuration, out var errors);
            if (settings is null)
            {
                foreach (var error in errors)
                {
                    Log.ConfigRejected(_logger, error);
                }

                return;
            }

            Volatile.Write(ref _current, settings);
            Log.ConfigApplied(_logger, settings.Policies.Count);
        }
    }

    public void Dispose() => _subscription.Dispose();

    private string Fingerprint()
    {
        var text = new StringBuilder();
        foreach (var section in new[] { CallbackPolicyOptions.SectionName, GatewayOptions.SectionName, "ReverseProxy:Routes" })
        {
            foreach (var (key, value) in _configuration.GetSection(section).AsEnumerable())
            {
                text.Append(key).Append('=').Append(value).Append('\n');
            }
        }

        return text.ToString();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Configuration change rejected, the last good callback configuration stays: {Error}", EventName = "ConfigRejected")]
        public static partial void ConfigRejected(ILogger logger, string error);

        [LoggerMessage(2, LogLevel.Information, "Callback configuration applied: {PolicyCount} policies", EventName = "ConfigApplied")]
        public static partial void ConfigApplied(ILogger logger, int policyCount);

        [LoggerMessage(3, LogLevel.Error, "Change to {Path} rejected, the last good configuration stays: {Reason}", EventName = "ConfigFileRejected")]
        public static partial void ConfigFileRejected(ILogger logger, string path, string reason);
    }
}

/// <summary>The configuration is invalid; the message lists every error.</summary>
public sealed class GatewayConfigurationException(IReadOnlyList<string> errors)
    : Exception("The gateway's configuration is invalid:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
