using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Verification;

/// <summary>What a verifier sees of one callback: the exact bytes and the request line as the sender sent them.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="RequestUri">Path and query exactly as the sender wrote them (the raw request target, before any route transform).</param>
/// <param name="Headers">The incoming headers.</param>
/// <param name="Body">The exact body bytes received.</param>
/// <param name="ReceivedAt">When the gateway received the request; the reference for timestamp tolerances.</param>
internal readonly record struct CallbackRequest(
    string Method,
    string RequestUri,
    IHeaderDictionary Headers,
    ReadOnlyMemory<byte> Body,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The request as the sender sent it, with the body read.</summary>
    public static CallbackRequest From(HttpContext context, ReadOnlyMemory<byte> body, DateTimeOffset receivedAt) =>
        new(context.Request.Method, RawTarget(context), context.Request.Headers, body, receivedAt);

    /// <summary>The Content-Type header as received, or an empty string.</summary>
    public string ContentType => Headers.ContentType.ToString();

    /// <summary>The raw target is what the sender signed: path and query before decoding or any route transform.</summary>
    private static string RawTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return raw is { Length: > 0 } && raw[0] == '/'
            ? raw
            : string.Concat(context.Request.PathBase.ToUriComponent(), context.Request.Path.ToUriComponent(), context.Request.QueryString.ToUriComponent());
    }
}
