namespace Gateway.Verification;

/// <summary>
/// Heleket webhooks: signed exactly as Cryptomus' (<see cref="CryptomusScheme"/>): the body's <c>sign</c> =
/// <c>md5(base64_encode(json_encode($data, JSON_UNESCAPED_UNICODE)) . $apiKey)</c> over the body without <c>sign</c>, keyed
/// with the payment API key; identity <c>uuid</c> and <c>status</c>.
/// </summary>
internal sealed class HeleketScheme : ISignatureScheme
{
    public const string SchemeName = "Heleket";

    public string Name => SchemeName;

    public ISignatureVerifier Create(SchemeContext context) => CryptomusScheme.CreateVerifier(context);
}
