using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Tests.Fixtures;

/// <summary>
/// A real Kestrel backend on 127.0.0.1 that reads headers as a CGI/WSGI server does: <c>X-Callback-Verified</c> and
/// <c>X_Callback_Verified</c> both land in <c>HTTP_X_CALLBACK_VERIFIED</c>, so here both are recorded under
/// <c>x-callback-verified</c> (lower-cased, <c>_</c> read as <c>-</c>; and, as lighttpd's CGI and FastCGI do, every other
/// character that is not a letter or digit too), and a look-alike that got through would be seen as the trusted header.
/// Records the method, the raw request target and the body; answers 200.
/// </summary>
public sealed class CgiBackend : IAsyncDisposable
{
    private WebApplication? _app;

    public ConcurrentQueue<CgiRequest> Received { get; } = new();

    public string Address { get; private set; } = string.Empty;

    public static async Task<CgiBackend> StartAsync()
    {
        var backend = new CgiBackend();
        (backend._app, backend.Address) = await LoopbackApp.StartAsync(backend.HandleAsync);
        return backend;
    }

    /// <summary>Forgets what was received (each test starts from nothing).</summary>
    public void Clear() => Received.Clear();

    public ValueTask DisposeAsync() => LoopbackApp.StopAsync(_app);

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var header in context.Request.Headers)
        {
            var name = CgiRequest.CgiName(header.Key);
            if (!headers.TryGetValue(name, out var values))
            {
                headers[name] = values = [];
            }

            foreach (var value in header.Value)
            {
                values.Add(value ?? string.Empty);
            }
        }

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        Received.Enqueue(new CgiRequest(context.Request.Method, target, headers, body.ToArray()));
        await context.Response.WriteAsync("backend");
    }
}

/// <summary>One request as a CGI-style backend saw it: header names lower-cased with <c>_</c> (any non-alphanumeric) read as <c>-</c>.</summary>
public sealed record CgiRequest(string Method, string RawTarget, IReadOnlyDictionary<string, List<string>> Headers, byte[] Body)
{
    /// <summary>The name under which a CGI-style server files header <paramref name="name"/>.</summary>
    public static string CgiName(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-'));

    /// <summary>Every value the backend reads for <paramref name="name"/> (any spelling that files under the same name).</summary>
    public IReadOnlyList<string> Header(string name) => Headers.TryGetValue(CgiName(name), out var values) ? values : [];
}
