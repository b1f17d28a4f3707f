using Gateway.Configuration;

namespace Gateway.Verification;

/// <summary>
/// What a provider scheme over <see cref="HmacScheme"/> fixes: the Hmac settings, plus what its sender expects beyond them
/// (the default identity, the answer to a duplicate) and the header layouts the generic policy does not offer.
/// </summary>
/// <param name="Settings">The Hmac settings, as a policy would set them.</param>
internal sealed record HmacPreset(HmacScheme.HmacSettings Settings)
{
    /// <summary>The commonest preset: <c>header: {prefix}{digest}</c>, the HMAC of the raw body and nothing else.</summary>
    public static HmacPreset OverBody(string header, string algorithm, DigestEncoding encoding, string prefix = "") =>
        new(new HmacScheme.HmacSettings { Algorithm = algorithm, Encoding = encoding, Header = header, Prefix = prefix });

    /// <summary>Identity selectors (JSON pointers into the signed body) used when the policy sets none; empty means the body hash.</summary>
    public IReadOnlyList<string> DefaultIdentity { get; init; } = [];

    /// <summary>The answer to a duplicate that the sender expects, when the policy sets none.</summary>
    public DuplicateResponseOptions? DuplicateResponse { get; init; }

    /// <summary>
    /// Whether the value may lack <see cref="HmacScheme.HmacSettings.Prefix"/> (Mollie's SDK takes <c>sha256=&lt;hex&gt;</c> and bare
    /// hex alike). The digest is the same either way, so this widens nothing an attacker could use.
    /// </summary>
    public bool PrefixOptional { get; init; }

    /// <summary>The signature header is a list such as Paddle's <c>ts=…;h1=…;h1=…</c>, carrying the signed timestamp itself; null when it holds one digest.</summary>
    public HmacSignatureList? List { get; init; }
}

/// <summary>
/// A signature header that is a list of <c>key=value</c> items: one timestamp item (<paramref name="TimestampKey"/>) and one or
/// more signature items starting with the Hmac <c>Prefix</c> (several during a secret rotation; any one matching is enough).
/// Other items are ignored, as the senders' own libraries ignore them.
/// </summary>
/// <param name="Separator">Between items, e.g. <c>;</c>.</param>
/// <param name="TimestampKey">The timestamp item's key with its <c>=</c>, e.g. <c>ts=</c>.</param>
internal sealed record HmacSignatureList(char Separator, string TimestampKey);
