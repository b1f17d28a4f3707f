namespace Gateway.Verification;

/// <summary>How a digest is written in a header.</summary>
internal enum DigestEncoding
{
    Hex,
    Base64,
}
