using Gateway.Configuration;
using System.Text;

namespace Gateway.Model;

/// <summary>One consistent, validated view of the callback configuration: gateway settings and every policy.</summary>
internal sealed class CallbackSettings(GatewayOptions gateway, IReadOnlyDictionary<string, CallbackPolicy> policies)
{
    public GatewayOptions Gateway { get; } = gateway;

    /// <summary>The gateway's own signing key as bytes; empty when none is configured.</summary>
    public byte[] SigningKey { get; } = string.IsNullOrEmpty(gateway.SigningKey) ? [] : Encoding.UTF8.GetBytes(gateway.SigningKey);

    /// <summary>Every trusted header name, listed once per configuration rather than on each proxied request.</summary>
    public string[] TrustedHeaderNames { get; } = [.. gateway.TrustedHeaders.All];

    public IReadOnlyDictionary<string, CallbackPolicy> Policies { get; } = policies;
}
