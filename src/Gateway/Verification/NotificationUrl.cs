namespace Gateway.Verification;

/// <summary>
/// The public URL that a sender signs (Square, Twilio, <c>{url}</c> in an Hmac template). It is configured per policy,
/// never rebuilt from the request's Host, scheme or forwarding headers: the caller chooses those, so a callback signed for
/// another endpoint of the same account (the same key) would verify here too. Only the query is taken from the request
/// as received, because the signature covers it; the path is the configured one, whatever route rewrote it on the way.
/// </summary>
internal static class NotificationUrl
{
    /// <summary>The name of the policy setting.</summary>
    public const string SettingName = "NotificationUrl";

    /// <summary>Reports an error unless <paramref name="url"/> is an absolute http(s) URL without query, fragment or user info.</summary>
    public static void Validate(string? url, SchemeContext context, string needed)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            context.Error($"{SettingName} (the public URL the sender calls, e.g. https://hooks.example.com/callbacks/x) is required: {needed}.");
            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || url.Contains('?', StringComparison.Ordinal)
            || url.Contains('#', StringComparison.Ordinal)
            || uri.UserInfo.Length > 0
            || url.Trim().Length != url.Length)
        {
            context.Error(
                $"{SettingName} '{url}' must be an absolute http or https URL without query, fragment or user info, written exactly "
                + "as registered with the sender; the query is taken from each request as received.");
        }
    }

    /// <summary>The URL the sender signed for one request: the configured URL followed by the request's query exactly as received.</summary>
    public static string For(string configured, string requestUri)
    {
        var query = requestUri.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? configured : string.Concat(configured, requestUri.AsSpan(query));
    }
}
