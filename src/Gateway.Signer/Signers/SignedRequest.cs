namespace Gateway.Signer.Signers;

/// <summary>
/// A signed callback ready to send: URL, headers in order (Content-Type first), body, whether the signer rewrote the body
/// (CryptoCloud's token, so it cannot be sent from the original file), and notes for the operator (e.g. where the signed text
/// differs from the body's raw text).
/// </summary>
internal sealed record SignedRequest(
    string Url,
    IReadOnlyList<(string Name, string Value)> Headers,
    byte[] Body,
    bool BodyChanged,
    IReadOnlyList<string> Notes);
