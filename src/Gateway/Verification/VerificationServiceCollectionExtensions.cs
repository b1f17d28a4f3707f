using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Verification;

/// <summary>Registers every signature scheme a policy can name.</summary>
internal static class VerificationServiceCollectionExtensions
{
    public static IServiceCollection AddSignatureSchemes(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, HmacScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, StandardWebhooksScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, IxopayScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, Crypto2BScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, StripeScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, GitHubScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, SpellScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, CryptoCloudScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, FireblocksScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, CircleScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, BinancePayScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, PayPalScheme>());
        return services;
    }
}
