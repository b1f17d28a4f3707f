using Gateway.Configuration;

namespace Gateway.Verification;

/// <summary>What a scheme needs to build one policy's verifier: its settings and a place to report what is wrong with them.</summary>
internal sealed class SchemeContext(string policyName, IConfigurationSection section, CallbackPolicyOptions options, ICollection<string> errors)
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
