using Gateway.Configuration;

namespace Gateway.Verification;

/// <summary>Verifies callbacks for one policy; built once per policy (secrets decoded up front) and shared by all requests.</summary>
public interface ISignatureVerifier
{
    /// <summary>Checks the signature (and freshness) of one callback.</summary>
    VerificationResult Verify(in CallbackRequest request);

    /// <summary>Whether the signature covers the whole body, so body fields may serve as the event identity.</summary>
    bool SignsBody => true;

    /// <summary>Headers the signature covers, so they may serve as the event identity.</summary>
    IReadOnlyCollection<string> SignedHeaders => [];

    /// <summary>Identity selectors used when the policy sets none; empty means the scheme's own identity or the body hash.</summary>
    IReadOnlyList<string> DefaultIdentity => [];

    /// <summary>The answer to a duplicate that this sender expects, when the policy sets none.</summary>
    DuplicateResponseOptions? DefaultDuplicateResponse => null;
}

/// <summary>A way of signing callbacks (one provider or standard), named by a policy's <c>Scheme</c>.</summary>
public interface ISignatureScheme
{
    /// <summary>The value of <c>Scheme</c> that selects this scheme.</summary>
    string Name { get; }

    /// <summary>
    /// The type of the scheme's own settings, which it binds from the policy object; null when it has none. A policy key that
    /// neither this type nor <see cref="CallbackPolicyOptions"/> takes is a configuration error.
    /// </summary>
    Type? SettingsType => null;

    /// <summary>Builds the verifier for one policy, reporting every invalid setting through <see cref="SchemeContext.Error"/>.</summary>
    ISignatureVerifier Create(SchemeContext context);
}

/// <summary>What a scheme needs to build one policy's verifier: its settings and a place to report what is wrong with them.</summary>
public sealed class SchemeContext(string policyName, IConfigurationSection section, CallbackPolicyOptions options, ICollection<string> errors)
{
    public string PolicyName { get; } = policyName;

    /// <summary>The policy's configuration section, for binding scheme-specific settings.</summary>
    public IConfigurationSection Section { get; } = section;

    /// <summary>The settings common to every scheme.</summary>
    public CallbackPolicyOptions Options { get; } = options;

    /// <summary>Binds the scheme's own settings from the policy's section.</summary>
    /// <remarks>A value that does not convert (e.g. <c>"Strict": "maybe"</c>) is reported as an error; the defaults stand in for it.</remarks>
    public T Bind<T>()
        where T : new()
    {
        var settings = new T();
        try
        {
            Section.Bind(settings);
        }
        catch (InvalidOperationException ex)
        {
            Error(ex.InnerException?.Message is { } inner ? $"{ex.Message} {inner}" : ex.Message);
            settings = new T();
        }

        return settings;
    }

    /// <summary>Reports one invalid setting; the message is prefixed with the policy's name.</summary>
    public void Error(string message) => errors.Add($"CallbackPolicies:{PolicyName}: {message}");

    /// <summary>The policy's secrets as UTF-8 bytes, the key form most senders use.</summary>
    public byte[][] Utf8Secrets() => Options.Secrets.Select(s => System.Text.Encoding.UTF8.GetBytes(s)).ToArray();
}
