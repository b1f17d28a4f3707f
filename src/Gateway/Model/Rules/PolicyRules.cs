using Gateway.Configuration;
using Gateway.Verification;

namespace Gateway.Model.Rules;

/// <summary>The rules for one policy's common settings: each a small check, all run, every failure named with its policy.</summary>
internal static class PolicyRules
{
    private static readonly Func<CallbackPolicyOptions, IEnumerable<string>>[] All =
    [
        ToleranceNotNegative, BodyLimitFits, LeaseWithinRetention, DuplicateAnswerIsDelivered,
    ];

    /// <summary>
    /// Checks the policy's options; <paramref name="prefix"/> names the policy in every message. <paramref name="scheme"/> is the
    /// policy's scheme when it is known: it says whether <c>Secrets</c> are its keys.
    /// </summary>
    public static void Check(string prefix, CallbackPolicyOptions options, ISignatureScheme? scheme, List<string> errors)
    {
        errors.AddRange(SecretsFitScheme(options, scheme).Select(error => prefix + error));
        foreach (var rule in All)
        {
            errors.AddRange(rule(options).Select(error => prefix + error));
        }
    }

    /// <summary>Every policy's body fits the gateway's budget for buffered bodies, or its largest callbacks could never be read.</summary>
    public static IEnumerable<string> FitBudget(IEnumerable<CallbackPolicy> policies, GatewayOptions gateway) =>
        policies.Where(p => p.MaxBodyBytes > gateway.MaxBufferedBodyBytes).Select(p =>
            $"{CallbackPolicyOptions.SectionName}:{p.Name}: MaxBodyBytes ({p.MaxBodyBytes}) is larger than {GatewayOptions.SectionName}:MaxBufferedBodyBytes ({gateway.MaxBufferedBodyBytes}), so its largest callbacks could never be read.");

    /// <summary>
    /// A shared-secret scheme needs at least one secret. A public-key scheme takes none: a secret there would verify nothing, and
    /// an operator who sets one believes it does.
    /// </summary>
    private static IEnumerable<string> SecretsFitScheme(CallbackPolicyOptions options, ISignatureScheme? scheme)
    {
        if (scheme is { UsesSecrets: false })
        {
            return options.Secrets.Count > 0
                ? [$"Secrets is not used by the {scheme.Name} scheme, which verifies with the public keys pinned in {PublicKeySet.SettingName}; remove it."]
                : [];
        }

        return options.Secrets.Count == 0 || options.Secrets.Any(string.IsNullOrEmpty)
            ? ["Secrets must hold at least one secret, and none may be empty."]
            : [];
    }

    private static IEnumerable<string> ToleranceNotNegative(CallbackPolicyOptions options) =>
        options.Tolerance < TimeSpan.Zero ? ["Tolerance must not be negative."] : [];

    private static IEnumerable<string> BodyLimitFits(CallbackPolicyOptions options) =>
        options.MaxBodyBytes is <= 0 or >= int.MaxValue ? [$"MaxBodyBytes must be between 1 and {int.MaxValue - 1}."] : [];

    private static IEnumerable<string> LeaseWithinRetention(CallbackPolicyOptions options)
    {
        var dedup = options.Dedup;
        if (dedup.Lease <= TimeSpan.Zero || dedup.Retention <= TimeSpan.Zero)
        {
            return ["Dedup:Lease and Dedup:Retention must be positive."];
        }

        return dedup.Lease > dedup.Retention ? [$"Dedup:Lease ({dedup.Lease}) must not be longer than Dedup:Retention ({dedup.Retention})."] : [];
    }

    /// <summary>
    /// The duplicate answer must be one HTTP allows, and a 2xx: the event was delivered already, and a sender retries any other
    /// answer (redirects and errors alike) until it gives up, often counting it against the endpoint. An error, not a warning,
    /// as for the rejection codes: such a configuration never does what the operator wants.
    /// </summary>
    private static IEnumerable<string> DuplicateAnswerIsDelivered(CallbackPolicyOptions options)
    {
        if (options.DuplicateResponse is not { } duplicate)
        {
            yield break;
        }

        var code = duplicate.StatusCode;
        var what = $"DuplicateResponse:StatusCode {code} ";
        if (code is < 100 or > 599)
        {
            yield return what + "is not an HTTP status code.";
            yield break;
        }

        if (code < 200)
        {
            yield return what + "is informational (1xx), which HTTP does not allow as a final answer; use a 2xx such as 200.";
            yield break;
        }

        if (code is StatusCodes.Status204NoContent or StatusCodes.Status205ResetContent or StatusCodes.Status304NotModified
            && duplicate.Body.Length > 0)
        {
            yield return what + "cannot carry a body (HTTP forbids one), but DuplicateResponse:Body is not empty.";
        }

        if (code > 299)
        {
            yield return what + "is not 2xx: the event was delivered already, and a sender retries any other answer, so a duplicate must be answered 2xx.";
        }
    }
}
