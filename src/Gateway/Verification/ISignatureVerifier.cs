using Gateway.Configuration;

namespace Gateway.Verification;

/// <summary>Verifies callbacks for one policy; built once per policy (secrets decoded up front) and shared by all requests.</summary>
internal interface ISignatureVerifier
{
    /// <summary>Checks the signature (and freshness) of one callback.</summary>
    VerificationResult Verify(in CallbackRequest request);

    /// <summary>Whether the signature covers the whole body, so body fields may serve as the event identity.</summary>
    bool SignsBody => true;

    /// <summary>Headers the signature covers, so they may serve as the event identity.</summary>
    IReadOnlyCollection<string> SignedHeaders => [];

    /// <summary>Identity selectors used when the policy sets none; empty means the scheme's own identity or the body hash.</summary>
    IReadOnlyList<string> DefaultIdentity => [];

    /// <summary>The answer to a duplicate that this sender expects, when the policy sets none.</summary>
    DuplicateResponseOptions? DefaultDuplicateResponse => null;
}
