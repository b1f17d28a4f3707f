using System.Text;
using Gateway.Configuration;
using Gateway.Identity;
using Gateway.Verification;

namespace Gateway.Model;

/// <summary>
/// A validated policy, ready for requests: its verifier built, its identity and duplicate answer resolved, and every value
/// the request path reads copied out of the options, so it is immutable (YARP's runtime model is too): a request never reads
/// options that a reload is binding.
/// </summary>
internal sealed class CallbackPolicy
{
    public CallbackPolicy(string name, CallbackPolicyOptions options, ISignatureVerifier verifier, IReadOnlyList<IdentitySelector> identity)
    {
        Name = name;
        Verifier = verifier;
        Identity = identity;
        MaxBodyBytes = (int)options.MaxBodyBytes;
        Lease = options.Dedup.Lease;
        Retention = options.Dedup.Retention;
        WhenStoreUnavailable = options.WhenStoreUnavailable;
        Secrets = [.. options.Secrets];
        var duplicate = options.DuplicateResponse ?? verifier.DefaultDuplicateResponse ?? new DuplicateResponseOptions();
        DuplicateStatusCode = duplicate.StatusCode;
        DuplicateContentType = duplicate.ContentType;
        DuplicateBody = Encoding.UTF8.GetBytes(duplicate.Body);
    }

    public string Name { get; }

    public ISignatureVerifier Verifier { get; }

    /// <summary>Selectors of the event identity; empty means the verifier's own identity, else the body's SHA-256.</summary>
    public IReadOnlyList<IdentitySelector> Identity { get; }

    /// <summary>The largest body accepted (validated to fit an int).</summary>
    public int MaxBodyBytes { get; }

    /// <summary>How long a claim lives unsettled, and so the longest a forward may take.</summary>
    public TimeSpan Lease { get; }

    /// <summary>How long a delivered event is remembered.</summary>
    public TimeSpan Retention { get; }

    public StoreUnavailableBehavior WhenStoreUnavailable { get; }

    /// <summary>The secrets, for the startup checks only (the verifier holds its own decoded keys).</summary>
    public IReadOnlyList<string> Secrets { get; }

    public int DuplicateStatusCode { get; }

    public string DuplicateContentType { get; }

    public byte[] DuplicateBody { get; }
}
