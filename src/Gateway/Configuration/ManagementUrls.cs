namespace Gateway.Configuration;

/// <summary>
/// <c>Gateway:ManagementUrls</c>: the listener of the management endpoints, apart from the proxy's. Endpoints are told apart by
/// the port the connection arrived on (the socket's, which no client can forge, unlike a Host header), so each URL needs an
/// explicit port of its own.
/// </summary>
internal static class ManagementUrls
{
    /// <summary>The URLs, split as ASP.NET Core splits <c>urls</c>.</summary>
    public static string[] Split(string? urls) =>
        string.IsNullOrWhiteSpace(urls) ? [] : urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The ports of the management listener; empty when it is not configured.</summary>
    public static int[] Ports(string? urls) => [.. Split(urls).Select(url => TryParse(url, out var port) ? port : 0)];

    public static void Validate(string? urls, List<string> errors)
    {
        foreach (var url in Split(urls))
        {
            if (!TryParse(url, out var port) || port == 0)
            {
                errors.Add($"{GatewayOptions.SectionName}:ManagementUrls: '{url}' is not a URL with an explicit port of its own, like http://127.0.0.1:9091.");
            }
        }
    }

    private static bool TryParse(string url, out int port)
    {
        // Kestrel's wildcard hosts are not valid in a Uri; the port is all that matters here.
        var parsed = Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && uri.AbsolutePath == "/"
            && url.Contains($":{uri.Port}", StringComparison.Ordinal); // explicit, not the scheme's default
        port = parsed ? uri!.Port : 0;
        return parsed;
    }
}
