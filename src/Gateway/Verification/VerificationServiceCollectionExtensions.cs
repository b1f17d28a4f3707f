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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, RazorpayScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, PaystackScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, ShopifyScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, CheckoutComScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, CoinbaseCommerceScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, BtcPayServerScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, AlchemyScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, WorldlineScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, MollieScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, SlackScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, PaddleScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, SquareScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, TwilioScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, NowPaymentsScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, AdyenScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, CryptomusScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, HeleketScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, CoinPaymentsScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, PlisioScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, FireblocksScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, CircleScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, BinancePayScheme>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ISignatureScheme, PayPalScheme>());
        return services;
    }
}
