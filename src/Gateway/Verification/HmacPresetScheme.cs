namespace Gateway.Verification;

/// <summary>A provider's scheme that is <see cref="HmacScheme"/> with its settings fixed by an <see cref="HmacPreset"/>; Hmac keys in the policy are not read.</summary>
/// <param name="name">The value of <c>Scheme</c> that selects it.</param>
/// <param name="preset">What the provider fixes.</param>
internal abstract class HmacPresetScheme(string name, HmacPreset preset) : ISignatureScheme
{
    public string Name => name;

    /// <summary>Null: a preset takes no settings beyond the common ones, unless the provider needs one (Square's URL).</summary>
    public virtual Type? SettingsType => null;

    public virtual ISignatureVerifier Create(SchemeContext context) => HmacScheme.CreateVerifier(context, preset);
}
