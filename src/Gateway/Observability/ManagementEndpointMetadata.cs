namespace Gateway.Observability;

/// <summary>Marks an endpoint as a management endpoint (<c>/metrics</c>, <c>/healthz</c>, <c>/readyz</c>).</summary>
internal sealed class ManagementEndpointMetadata
{
    public static readonly ManagementEndpointMetadata Instance = new();
}
