namespace Gateway.Model;

/// <summary>The configuration is invalid; the message lists every error.</summary>
internal sealed class GatewayConfigurationException(IReadOnlyList<string> errors)
    : Exception("The gateway's configuration is invalid:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
