namespace Gateway.Signer.Signers;

/// <summary>One scheme's signer: builds the headers (and, for CryptoCloud, the body) that the real sender would send.</summary>
internal interface ISigner
{
    /// <summary>The scheme's name on the command line.</summary>
    string Name { get; }

    /// <summary>One line for <c>--help</c>.</summary>
    string Description { get; }

    /// <summary>Whether the scheme's header carries one signature per secret (rotation); the others take exactly one secret.</summary>
    bool SignsWithSeveralSecrets => false;

    /// <summary>Whether the scheme signs with a private key (<c>--private-key</c>) instead of a shared secret.</summary>
    bool UsesPrivateKey => false;

    string DefaultContentType(SignerArguments arguments) => MediaTypes.Json;

    SignedRequest Sign(SigningInput input);
}

/// <summary>The content types the signers send by default.</summary>
internal static class MediaTypes
{
    public const string Json = "application/json";
    public const string JsonUtf8 = "application/json; charset=utf-8";
    public const string Form = "application/x-www-form-urlencoded";
}
