namespace Gateway.Signer.Signers;

/// <summary>Every scheme the signer knows, and the one entry point that signs with the chosen scheme.</summary>
internal static class SignerCatalog
{
    public static IReadOnlyList<ISigner> All { get; } =
    [
        new HmacSigner(),
        new GitHubSigner(),
        new StripeSigner(),
        new StandardWebhooksSigner(),
        new IxopaySigner(),
        new Crypto2BSigner(),
        new SpellSigner(),
        new CryptoCloudSigner(),
        new RazorpaySigner(),
        new PaystackSigner(),
        new ShopifySigner(),
        new CheckoutComSigner(),
        new CoinbaseCommerceSigner(),
        new BtcPayServerSigner(),
        new AlchemySigner(),
        new WorldlineSigner(),
        new MollieSigner(),
        new SlackSigner(),
        new PaddleSigner(),
        new SquareSigner(),
        new TwilioSigner(),
        new NowPaymentsSigner(),
        new AdyenSigner(),
        new CryptomusSigner(),
        new HeleketSigner(),
        new CoinPaymentsSigner(),
        new PlisioSigner(),
        new FireblocksSigner(),
        new CircleSigner(),
        new BinancePaySigner(),
        new PayPalSigner(),
    ];

    public static ISigner? Find(string name)
    {
        foreach (var signer in All)
        {
            if (signer.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return signer;
            }
        }

        return null;
    }

    /// <summary>Signs <paramref name="body"/> as the scheme's sender would at <paramref name="now"/>.</summary>
    /// <exception cref="UsageException">The inputs do not fit the scheme (bad secret, body not JSON, …).</exception>
    public static SignedRequest Sign(SignerArguments arguments, byte[] body, DateTimeOffset now)
    {
        var signer = Find(arguments.Scheme) ?? throw new UsageException($"Unknown scheme '{arguments.Scheme}'.");
        var contentType = arguments.ContentType ?? signer.DefaultContentType(arguments);
        return signer.Sign(new SigningInput(arguments, body, now, contentType));
    }
}
