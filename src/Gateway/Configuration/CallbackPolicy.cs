using System.Text;
using Gateway.Identity;
using Gateway.Verification;

namespace Gateway.Configuration;

/// <summary>A validated policy, ready for requests: its verifier built, its identity and duplicate answer resolved.</summary>
internal sealed class CallbackPolicy
{
    public CallbackPolicy(string name, CallbackPolicyOptions options, ISignatureVerifier verifier, IReadOnlyList<IdentitySelector> identity)
    {
        Name = name;
        Options = options;
        Verifier = verifier;
        Identity = identity;
        DuplicateResponse = options.DuplicateResponse ?? verifier.DefaultDuplicateResponse ?? new DuplicateResponseOptions();
        DuplicateBody = Encoding.UTF8.GetBytes(DuplicateResponse.Body);
    }

    public string Name { get; }

    public CallbackPolicyOptions Options { get; }

    public ISignatureVerifier Verifier { get; }

    /// <summary>Selectors of the event identity; empty means the verifier's own identity, else the body's SHA-256.</summary>
    public IReadOnlyList<IdentitySelector> Identity { get; }

    public DuplicateResponseOptions DuplicateResponse { get; }

    public byte[] DuplicateBody { get; }
}
