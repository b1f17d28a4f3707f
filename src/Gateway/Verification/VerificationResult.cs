namespace Gateway.Verification;

/// <summary>The result of verifying one callback; <see cref="Reason"/> is safe to log (never a secret, signature or body).</summary>
/// <param name="Status">How verification ended.</param>
/// <param name="Reason">Why it failed, for the log and the 4xx answer.</param>
/// <param name="Identity">An event identity the scheme derived itself from signed content (written by <see cref="IdentityText.Join"/>), used when the policy sets none.</param>
internal readonly record struct VerificationResult(VerificationStatus Status, string? Reason = null, string? Identity = null)
{
    public bool IsVerified => Status == VerificationStatus.Verified;

    public static VerificationResult Verified() => new(VerificationStatus.Verified);

    /// <summary>Verified, with an identity the scheme took from signed content, from one or more parts.</summary>
    public static VerificationResult VerifiedAs(params ReadOnlySpan<string> identityParts) =>
        new(VerificationStatus.Verified, null, IdentityText.Join(identityParts));

    public static VerificationResult Invalid(string reason) => new(VerificationStatus.InvalidSignature, reason);

    public static VerificationResult Stale(string reason) => new(VerificationStatus.Stale, reason);

    public static VerificationResult Malformed(string reason) => new(VerificationStatus.Malformed, reason);
}
