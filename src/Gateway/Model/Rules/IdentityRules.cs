using Gateway.Identity;
using Gateway.Verification;

namespace Gateway.Model.Rules;

/// <summary>The rule for identity selectors: each must parse, and each must be covered by the scheme's signature.</summary>
internal static class IdentityRules
{
    /// <summary>The parsed selectors; every one that fails is reported with <paramref name="prefix"/> naming the policy.</summary>
    public static List<IdentitySelector> Resolve(IReadOnlyList<string> texts, ISignatureVerifier verifier, string prefix, List<string> errors)
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
}
