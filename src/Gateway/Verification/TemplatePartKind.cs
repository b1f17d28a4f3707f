namespace Gateway.Verification;

/// <summary>The kinds of template piece.</summary>
internal enum TemplatePartKind
{
    Literal,
    Timestamp,
    Body,

    /// <summary>The public URL the sender called: the policy's <c>NotificationUrl</c> and the query as received.</summary>
    Url,
}
