namespace Gateway.Verification;

/// <summary>How a verification ended.</summary>
internal enum VerificationStatus
{
    /// <summary>The signature is valid and fresh.</summary>
    Verified,

    /// <summary>The signature is missing or does not match any active secret.</summary>
    InvalidSignature,

    /// <summary>The signature matches but its timestamp lies outside the tolerance.</summary>
    Stale,

    /// <summary>The request cannot be verified at all: a header or the body is not in the sender's format.</summary>
    Malformed,
}
