using Gateway.Configuration;
using Gateway.Model.Rules;
using Gateway.Verification;

namespace Gateway.Model;

/// <summary>
/// Binds the callback configuration and builds the runtime model from it, running every rule (<see cref="Rules"/>: the
/// gateway's settings, each policy's, identity selectors, routes against policies) and reporting every error at once, each
/// naming its policy or route, in the manner of YARP's ConfigValidator: an operator fixes the whole file in one pass.
/// </summary>
internal sealed class CallbackSettingsLoader(IEnumerable<ISignatureScheme> schemes)
{
    private readonly Dictionary<string, ISignatureScheme> _schemes = schemes.ToDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> SchemeNames => _schemes.Keys.Order(StringComparer.Ordinal);

    /// <summary>Returns the settings, or null with <paramref name="errors"/> filled.</summary>
    public CallbackSettings? Load(IConfiguration configuration, out List<string> errors)
    {
        errors = [];
        var gateway = BindGateway(configuration, errors);
        var policies = new Dictionary<string, CallbackPolicy>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in configuration.GetSection(CallbackPolicyOptions.SectionName).GetChildren())
        {
            var policy = LoadPolicy(section, errors);
            if (policy is not null)
            {
                policies[policy.Name] = policy;
            }
        }

        errors.AddRange(PolicyRules.FitBudget(policies.Values, gateway));
        errors.AddRange(RouteRules.Check(configuration, policies));
        return errors.Count == 0 ? new CallbackSettings(gateway, policies) : null;
    }

    private static GatewayOptions BindGateway(IConfiguration configuration, List<string> errors)
    {
        var gateway = new GatewayOptions();
        var section = configuration.GetSection(GatewayOptions.SectionName);
        UnknownSettings.Report(section, [typeof(GatewayOptions)], errors);
        try
        {
            section.Bind(gateway);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add($"{GatewayOptions.SectionName}: {ex.Message}");
            return gateway;
        }

        GatewayRules.Check(gateway, errors);
        return gateway;
    }

    private CallbackPolicy? LoadPolicy(IConfigurationSection section, List<string> errors)
    {
        var name = section.Key;
        var prefix = $"{CallbackPolicyOptions.SectionName}:{name}: ";
        var countBefore = errors.Count;
        ReportUnknownSettings(section, errors);
        var options = new CallbackPolicyOptions();
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add(prefix + ex.Message);
            return null;
        }

        if (!_schemes.TryGetValue(options.Scheme, out var scheme))
        {
            errors.Add(prefix + (string.IsNullOrWhiteSpace(options.Scheme)
                ? $"Scheme is required; one of {string.Join(", ", SchemeNames)}."
                : $"Scheme '{options.Scheme}' is unknown; one of {string.Join(", ", SchemeNames)}."));
        }

        PolicyRules.Check(prefix, options, scheme, errors);

        if (scheme is null || errors.Count > countBefore)
        {
            return null;
        }

        var verifier = scheme.Create(new SchemeContext(name, section, options, errors));
        var identity = IdentityRules.Resolve(options.Dedup.Identity.Count > 0 ? options.Dedup.Identity : verifier.DefaultIdentity, verifier, prefix, errors);
        return errors.Count > countBefore ? null : new CallbackPolicy(name, options, verifier, identity);
    }

    /// <summary>
    /// A policy's keys are the common options and its scheme's own settings. While its scheme is unknown, the settings of
    /// any scheme pass, so that the operator sees the real typos beside the scheme's, not every key of the scheme meant.
    /// </summary>
    private void ReportUnknownSettings(IConfigurationSection section, List<string> errors)
    {
        IEnumerable<ISignatureScheme> candidates = _schemes.TryGetValue(section[nameof(CallbackPolicyOptions.Scheme)] ?? string.Empty, out var scheme)
            ? [scheme]
            : _schemes.Values;
        UnknownSettings.Report(section, [typeof(CallbackPolicyOptions), .. candidates.Select(s => s.SettingsType).OfType<Type>()], errors);
    }
}
