namespace Gateway.Verification;

/// <summary>Why a body could not be printed as JavaScript prints it, or could be but is ambiguous.</summary>
internal enum JavaScriptTextProblem
{
    None,

    /// <summary>An object holds the same key twice; <c>JSON.parse</c> keeps the last, other parsers the first.</summary>
    DuplicateKey,

    /// <summary>A number is not spelled as JavaScript prints it, so another spelling of it signs the same (strict only).</summary>
    NonCanonicalNumber,

    /// <summary>A top-level string holds a lone surrogate, which hashes as U+FFFD like any other (strict only).</summary>
    LoneSurrogate,
}
