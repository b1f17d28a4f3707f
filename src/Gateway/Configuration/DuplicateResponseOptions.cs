namespace Gateway.Configuration;

/// <summary>The answer given to a duplicate instead of forwarding it.</summary>
internal sealed class DuplicateResponseOptions
{
    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string Body { get; set; } = string.Empty;

    public string ContentType { get; set; } = "text/plain; charset=utf-8";
}
