namespace Gateway.Verification;

/// <summary>The kinds of template piece.</summary>
internal enum TemplatePartKind
{
    Literal,
    Timestamp,
    Body,
}
