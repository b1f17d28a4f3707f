using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Gateway.Tests.Hostile;

/// <summary>Ways to spoil a signed request after signing it, used by the hostile tests' case tables.</summary>
internal static class HostileRequests
{
    public static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static string HexMac(string secret, string content) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(content)));

    public static HttpRequestMessage SentTo(HttpRequestMessage request, string path)
    {
        request.RequestUri = new Uri(path, UriKind.Relative);
        return request;
    }

    public static HttpRequestMessage WithoutHeader(HttpRequestMessage request, string name)
    {
        request.Headers.Remove(name);
        return request;
    }

    public static HttpRequestMessage WithHeader(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    /// <summary>Replaces header <paramref name="name"/> by <paramref name="newName"/> with its value rewritten by <paramref name="respell"/>.</summary>
    public static HttpRequestMessage Respell(HttpRequestMessage request, string name, string newName, Func<string, string> respell)
    {
        var value = request.Headers.GetValues(name).Single();
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(newName, respell(value));
        return request;
    }

    public static HttpRequestMessage Respell(HttpRequestMessage request, string name, Func<string, string> respell) => Respell(request, name, name, respell);

    /// <summary>Keeps the headers (the signature among them), replaces the body (when given) and the Content-Type.</summary>
    public static HttpRequestMessage WithBody(HttpRequestMessage request, string? body, string contentType = "application/json")
    {
        var content = body ?? request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
        request.Content = new StringContent(content);
        request.Content.Headers.Remove("Content-Type");
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return request;
    }
}

/// <summary>One named hostile request and the answer it must get: a status with an outcome label, or the policy that forwards it.</summary>
public sealed record HostileCase(string Name, HttpStatusCode Status, string Answer, Func<HttpRequestMessage> Request);
