namespace Gateway.Identity;

/// <summary>Where one part of an event's identity comes from.</summary>
internal enum IdentitySource
{
    /// <summary>A JSON pointer into the body, e.g. <c>/data/id</c>.</summary>
    JsonPointer,

    /// <summary>A field of an <c>application/x-www-form-urlencoded</c> body: <c>form:invoice_id</c>.</summary>
    FormField,

    /// <summary>A request header: <c>header:webhook-id</c> (only where the scheme signs it).</summary>
    Header,
}
