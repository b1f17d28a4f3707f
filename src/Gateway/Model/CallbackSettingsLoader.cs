using Gateway.Configuration;
using Gateway.Identity;
using Gateway.Verification;

namespace Gateway.Model;

/// <summary>
/// Binds and validates the callback configuration, reporting every error at once, each naming its policy or route,
/// in the manner of YARP's ConfigValidator: an operator fixes the whole file in one pass.
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

        foreach (var policy in policies.Values)
        {
            if (policy.MaxBodyBytes > gateway.MaxBufferedBodyBytes)
            {
                errors.Add($"{CallbackPolicyOptions.SectionName}:{policy.Name}: MaxBodyBytes ({policy.MaxBodyBytes}) is larger than {GatewayOptions.SectionName}:MaxBufferedBodyBytes ({gateway.MaxBufferedBodyBytes}), so its largest callbacks could never be read.");
            }
        }

        ValidateRoutes(configuration, policies, errors);
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

        foreach (var name in gateway.TrustedHeaders.All)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add($"{GatewayOptions.SectionName}:TrustedHeaders: every trusted header needs a name.");
            }
        }

        if (string.IsNullOrWhiteSpace(gateway.KeyPrefix))
        {
            errors.Add($"{GatewayOptions.SectionName}:KeyPrefix must not be empty.");
        }

        var codes = gateway.RejectionStatusCodes;
        foreach (var (name, code) in new[]
        {
            (nameof(codes.InvalidSignature), codes.InvalidSignature), (nameof(codes.Stale), codes.Stale),
            (nameof(codes.Malformed), codes.Malformed), (nameof(codes.TooLarge), codes.TooLarge),
            (nameof(codes.InFlight), codes.InFlight), (nameof(codes.StoreUnavailable), codes.StoreUnavailable),
            (nameof(codes.PolicyUnavailable), codes.PolicyUnavailable), (nameof(codes.OverBudget), codes.OverBudget),
            (nameof(codes.PathVariant), codes.PathVariant), (nameof(codes.UpgradeRefused), codes.UpgradeRefused),
            (nameof(codes.ForgedHeader), codes.ForgedHeader),
        })
        {
            // A 2xx or 3xx would tell the sender that a rejected callback was delivered, and it would never retry.
            if (code is < 400 or > 599)
            {
                errors.Add($"{GatewayOptions.SectionName}:StatusCodes:{name} is {code}; a rejection must be 4xx or 5xx.");
            }
        }

        if (gateway.RetryAfter <= TimeSpan.Zero)
        {
            errors.Add($"{GatewayOptions.SectionName}:RetryAfter must be positive.");
        }

        if (gateway.MaxBufferedBodyBytes <= 0)
        {
            errors.Add($"{GatewayOptions.SectionName}:MaxBufferedBodyBytes must be positive.");
        }

        ManagementUrls.Validate(gateway.ManagementUrls, errors);

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

        if (options.Secrets.Count == 0 || options.Secrets.Any(string.IsNullOrEmpty))
        {
            errors.Add(prefix + "Secrets must hold at least one secret, and none may be empty.");
        }

        if (options.Tolerance < TimeSpan.Zero)
        {
            errors.Add(prefix + "Tolerance must not be negative.");
        }

        if (options.MaxBodyBytes is <= 0 or >= int.MaxValue)
        {
            errors.Add(prefix + $"MaxBodyBytes must be between 1 and {int.MaxValue - 1}.");
        }

        if (options.Dedup.Lease <= TimeSpan.Zero || options.Dedup.Retention <= TimeSpan.Zero)
        {
            errors.Add(prefix + "Dedup:Lease and Dedup:Retention must be positive.");
        }
        else if (options.Dedup.Lease > options.Dedup.Retention)
        {
            errors.Add(prefix + $"Dedup:Lease ({options.Dedup.Lease}) must not be longer than Dedup:Retention ({options.Dedup.Retention}).");
        }

        if (options.DuplicateResponse is { } duplicate)
        {
            ValidateDuplicateResponse(duplicate, prefix, errors);
        }

        if (scheme is null || errors.Count > countBefore)
        {
            return null;
        }

        var verifier = scheme.Create(new SchemeContext(name, section, options, errors));
        var identity = ResolveIdentity(options.Dedup.Identity.Count > 0 ? options.Dedup.Identity : verifier.DefaultIdentity, verifier, prefix, errors);
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

    /// <summary>
    /// The duplicate answer must be one HTTP allows, and a 2xx: the event was delivered already, and a sender retries any other
    /// answer (redirects and errors alike) until it gives up, often counting it against the endpoint. An error, not a warning,
    /// as for the rejection codes: such a configuration never does what the operator wants.
    /// </summary>
    private static void ValidateDuplicateResponse(DuplicateResponseOptions duplicate, string prefix, List<string> errors)
    {
        var code = duplicate.StatusCode;
        var what = prefix + $"DuplicateResponse:StatusCode {code} ";
        if (code is < 100 or > 599)
        {
            errors.Add(what + "is not an HTTP status code.");
            return;
        }

        if (code < 200)
        {
            errors.Add(what + "is informational (1xx), which HTTP does not allow as a final answer; use a 2xx such as 200.");
            return;
        }

        if (code is StatusCodes.Status204NoContent or StatusCodes.Status205ResetContent or StatusCodes.Status304NotModified
            && duplicate.Body.Length > 0)
        {
            errors.Add(what + "cannot carry a body (HTTP forbids one), but DuplicateResponse:Body is not empty.");
        }

        if (code > 299)
        {
            errors.Add(what + "is not 2xx: the event was delivered already, and a sender retries any other answer, so a duplicate must be answered 2xx.");
        }
    }

    private static List<IdentitySelector> ResolveIdentity(IReadOnlyList<string> texts, ISignatureVerifier verifier, string prefix, List<string> errors)
    {
        var selectors = new List<IdentitySelector>();
        foreach (var text in texts)
        {
            if (!IdentitySelector.TryParse(text, out var selector))
            {
                errors.Add(prefix + $"Dedup:Identity '{text}' is not a JSON pointer (/a/b), form:field or header:Name.");
                continue;
            }

            var signed = selector.Source == IdentitySource.Header
                ? verifier.SignedHeaders.Contains(selector.Name, StringComparer.OrdinalIgnoreCase)
                : verifier.SignsBody;
            if (!signed)
            {
                errors.Add(prefix + $"Dedup:Identity '{text}' is not covered by the signature, so it cannot identify an event.");
                continue;
            }

            selectors.Add(selector);
        }

        return selectors;
    }

    private static void ValidateRoutes(IConfiguration configuration, Dictionary<string, CallbackPolicy> policies, List<string> errors)
    {
        foreach (var route in configuration.GetSection("ReverseProxy:Routes").GetChildren())
        {
            var policy = route[$"Metadata:{GatewayOptions.PolicyMetadataKey}"];
            if (policy is null)
            {
                continue;
            }

            if (!policies.ContainsKey(policy) && !configuration.GetSection($"{CallbackPolicyOptions.SectionName}:{policy}").Exists())
            {
                errors.Add($"Route '{route.Key}': Metadata:{GatewayOptions.PolicyMetadataKey} names '{policy}', which is not defined under {CallbackPolicyOptions.SectionName}.");
            }
        }
    }
}
