using Gateway.Configuration;

namespace Gateway.Model.Rules;

/// <summary>The rules for the <c>Gateway</c> section: each a small check, all run, every failure reported.</summary>
internal static class GatewayRules
{
    private static readonly Func<GatewayOptions, IEnumerable<string>>[] All =
    [
        TrustedHeadersHaveNames, KeyPrefixIsSet, RejectionsAreErrors, RetryAfterIsPositive, BudgetIsPositive, ManagementUrlsHavePorts,
        ShutdownDelayIsBounded,
    ];

    private static readonly TimeSpan MaxShutdownDelay = TimeSpan.FromMinutes(5);

    public static void Check(GatewayOptions gateway, List<string> errors)
    {
        foreach (var rule in All)
        {
            errors.AddRange(rule(gateway));
        }
    }

    private static IEnumerable<string> TrustedHeadersHaveNames(GatewayOptions gateway) =>
        gateway.TrustedHeaders.All.Any(string.IsNullOrWhiteSpace)
            ? [$"{GatewayOptions.SectionName}:TrustedHeaders: every trusted header needs a name."]
            : [];

    private static IEnumerable<string> KeyPrefixIsSet(GatewayOptions gateway) =>
        string.IsNullOrWhiteSpace(gateway.KeyPrefix) ? [$"{GatewayOptions.SectionName}:KeyPrefix must not be empty."] : [];

    /// <summary>A 2xx or 3xx would tell the sender that a rejected callback was delivered, and it would never retry.</summary>
    private static IEnumerable<string> RejectionsAreErrors(GatewayOptions gateway)
    {
        var codes = gateway.RejectionStatusCodes;
        (string Name, int Code)[] all =
        [
            (nameof(codes.InvalidSignature), codes.InvalidSignature), (nameof(codes.Stale), codes.Stale),
            (nameof(codes.Malformed), codes.Malformed), (nameof(codes.TooLarge), codes.TooLarge),
            (nameof(codes.InFlight), codes.InFlight), (nameof(codes.StoreUnavailable), codes.StoreUnavailable),
            (nameof(codes.PolicyUnavailable), codes.PolicyUnavailable), (nameof(codes.OverBudget), codes.OverBudget),
            (nameof(codes.PathVariant), codes.PathVariant), (nameof(codes.UpgradeRefused), codes.UpgradeRefused),
            (nameof(codes.ForgedHeader), codes.ForgedHeader),
        ];
        return all.Where(c => c.Code is < 400 or > 599)
            .Select(c => $"{GatewayOptions.SectionName}:StatusCodes:{c.Name} is {c.Code}; a rejection must be 4xx or 5xx.");
    }

    private static IEnumerable<string> RetryAfterIsPositive(GatewayOptions gateway) =>
        gateway.RetryAfter <= TimeSpan.Zero ? [$"{GatewayOptions.SectionName}:RetryAfter must be positive."] : [];

    private static IEnumerable<string> BudgetIsPositive(GatewayOptions gateway) =>
        gateway.MaxBufferedBodyBytes <= 0 ? [$"{GatewayOptions.SectionName}:MaxBufferedBodyBytes must be positive."] : [];

    /// <summary>Longer than a few minutes is a typo: every shutdown would wait that long before draining.</summary>
    private static IEnumerable<string> ShutdownDelayIsBounded(GatewayOptions gateway) =>
        gateway.ShutdownDelay < TimeSpan.Zero || gateway.ShutdownDelay > MaxShutdownDelay
            ? [$"{GatewayOptions.SectionName}:ShutdownDelay must be between 0 and {MaxShutdownDelay}."]
            : [];

    private static IEnumerable<string> ManagementUrlsHavePorts(GatewayOptions gateway)
    {
        var errors = new List<string>();
        ManagementUrls.Validate(gateway.ManagementUrls, errors);
        return errors.AsEnumerable();
    }
}
