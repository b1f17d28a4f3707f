using Gateway.Configuration;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Gateway.Model;

/// <summary>
/// Holds the current <see cref="CallbackSettings"/>. At startup an invalid configuration throws with every error;
/// on a later change an invalid configuration is logged and the last good settings stay in force.
/// </summary>
internal sealed partial class CallbackSettingsMonitor : IDisposable
{
    /// <summary>How the demo secrets in the repository's yarp.json begin.</summary>
    public const string DemoSecretPrefix = "demo-only-";

    /// <summary>The old name of <see cref="StoreUnavailableBehavior.ForwardWithoutDedup"/>, accepted with a warning.</summary>
    private const string DeprecatedForwardName = "ForwardUnmarked";

    /// <summary>Base64 of "demo-only" (nine bytes, so every longer text that starts with it encodes to this prefix).</summary>
    private const string DemoSecretBase64Prefix = "ZGVtby1vbmx5";

    private readonly IConfiguration _configuration;
    private readonly CallbackSettingsLoader _loader;
    private readonly GatewayConfigFile? _file;
    private readonly ILogger<CallbackSettingsMonitor> _logger;
    private readonly Lock _lock = new();
    private readonly IDisposable _subscription;
    private CallbackSettings _current;
    private string _fingerprint;
    private long _rejectedChanges;
    private long _appliedChanges;
    private bool _lastChangeRejected;

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
        WarnAboutDemoSecrets(_current);
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Refresh);
    }

    public CallbackSettings Current => Volatile.Read(ref _current);

    /// <summary>The snapshot this request was given when it arrived (by the guard), so one request never sees two configurations.</summary>
    public CallbackSettings For(HttpContext context) => context.Features.Get<CallbackSettings>() ?? Current;

    /// <summary>How many changes were rejected (unreadable file or invalid configuration) since startup.</summary>
    public long RejectedChanges => Interlocked.Read(ref _rejectedChanges);

    /// <summary>How many changes were applied since startup.</summary>
    public long AppliedChanges => Interlocked.Read(ref _appliedChanges);

    /// <summary>Whether the configuration as it is now was rejected, so what is in force is not what the operator wrote.</summary>
    public bool LastChangeRejected => Volatile.Read(ref _lastChangeRejected) || _file?.IsRejected == true;

    /// <summary>Takes a changed configuration if it is valid; idempotent, so every listener may call it.</summary>
    public void Refresh()
    {
        lock (_lock)
        {
            if (_file?.TakeRejection() is { } rejection)
            {
                Interlocked.Increment(ref _rejectedChanges);
                Log.ConfigFileRejected(_logger, rejection.Path, rejection.Reason);
            }

            var fingerprint = Fingerprint();
            if (fingerprint == _fingerprint)
            {
                return;
            }

            _fingerprint = fingerprint;
            var settings = _loader.Load(_configuration, out var errors);
            Volatile.Write(ref _lastChangeRejected, settings is null);
            if (settings is null)
            {
                Interlocked.Increment(ref _rejectedChanges);
                foreach (var error in errors)
                {
                    Log.ConfigRejected(_logger, error);
                }

                return;
            }

            Volatile.Write(ref _current, settings);
            Interlocked.Increment(ref _appliedChanges);
            Log.ConfigApplied(_logger, settings.Policies.Count);
            WarnAboutDemoSecrets(settings);
        }
    }

    public void Dispose() => _subscription.Dispose();

    /// <summary>A demo secret as written, or base64-encoded (after an optional <c>whsec_</c>) as some schemes take their keys.</summary>
    private static bool IsDemoSecret(string secret) =>
        secret.StartsWith(DemoSecretPrefix, StringComparison.Ordinal)
        || secret.Replace("whsec_", string.Empty, StringComparison.Ordinal).StartsWith(DemoSecretBase64Prefix, StringComparison.Ordinal);

    /// <summary>The shipped yarp.json carries demo secrets so the gateway starts out of the box; say loudly where they are still in use.</summary>
    private void WarnAboutDemoSecrets(CallbackSettings settings)
    {
        foreach (var policy in settings.Policies.Values)
        {
            if (policy.Secrets.Any(IsDemoSecret))
            {
                Log.DemoSecret(_logger, policy.Name);
            }

            var behavior = _configuration[$"{CallbackPolicyOptions.SectionName}:{policy.Name}:{nameof(CallbackPolicyOptions.WhenStoreUnavailable)}"];
            if (string.Equals(behavior, DeprecatedForwardName, StringComparison.OrdinalIgnoreCase))
            {
                Log.DeprecatedSetting(_logger, policy.Name, behavior!, nameof(StoreUnavailableBehavior.ForwardWithoutDedup));
            }
        }
    }

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
        [LoggerMessage(LogEvents.DeprecatedSetting, LogLevel.Warning, "Policy {Policy}: WhenStoreUnavailable '{Value}' is deprecated; it means {Replacement}, write that instead", EventName = "DeprecatedSetting")]
        public static partial void DeprecatedSetting(ILogger logger, string policy, string value, string replacement);

        [LoggerMessage(LogEvents.ConfigRejected, LogLevel.Error, "Configuration change rejected, the last good callback configuration stays: {Error}", EventName = "ConfigRejected")]
        public static partial void ConfigRejected(ILogger logger, string error);

        [LoggerMessage(LogEvents.ConfigApplied, LogLevel.Information, "Callback configuration applied: {PolicyCount} policies", EventName = "ConfigApplied")]
        public static partial void ConfigApplied(ILogger logger, int policyCount);

        [LoggerMessage(LogEvents.DemoSecret, LogLevel.Warning, "Policy {Policy} uses a demo secret from the shipped yarp.json: anyone can sign for it. Set CallbackPolicies__{Policy}__Secrets__0 in the environment", EventName = "DemoSecret")]
        public static partial void DemoSecret(ILogger logger, string policy);

        [LoggerMessage(LogEvents.ConfigFileRejected, LogLevel.Error, "Change to {Path} rejected, the last good configuration stays: {Reason}", EventName = "ConfigFileRejected")]
        public static partial void ConfigFileRejected(ILogger logger, string path, string reason);
    }
}
