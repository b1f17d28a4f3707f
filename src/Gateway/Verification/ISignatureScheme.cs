using Gateway.Configuration;

namespace Gateway.Verification;

/// <summary>A way of signing callbacks (one provider or standard), named by a policy's <c>Scheme</c>.</summary>
internal interface ISignatureScheme
{
    /// <summary>The value of <c>Scheme</c> that selects this scheme.</summary>
    string Name { get; }

    /// <summary>
    /// The type of the scheme's own settings, which it binds from the policy object; null when it has none. A policy key that
    /// neither this type nor <see cref="CallbackPolicyOptions"/> takes is a configuration error.
    /// </summary>
    Type? SettingsType => null;

    /// <summary>
    /// Whether the policy's <c>Secrets</c> are the keys (shared-secret schemes: at least one required). False for schemes that
    /// verify with public keys pinned in their own settings: <c>Secrets</c> must then be left out.
    /// </summary>
    bool UsesSecrets => true;

    /// <summary>Builds the verifier for one policy, reporting every invalid setting through <see cref="SchemeContext.Error"/>.</summary>
    ISignatureVerifier Create(SchemeContext context);
}
