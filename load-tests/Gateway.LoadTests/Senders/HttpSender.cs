using System.Globalization;
using System.Net.Http.Headers;
using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.Senders;

/// <summary>Sends callbacks and plain requests over keep-alive HTTP/1.1 connections and reads each answer in full, as a sender does.</summary>
internal sealed class HttpSender(HttpClient client)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>Sends a callback; <paramref name="attempt"/>, when given, goes as <c>X-Attempt</c>: which try of this callback this is (the retry storm's backend reads it).</summary>
    public Task<Answer> SendCallbackAsync(Uri gateway, SignedCallback callback, int? attempt, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, GatewayConfig.CallbackPath))
        {
            Content = new ByteArrayContent(callback.Body) { Headers = { ContentType = Json } },
        };
        request.Headers.Add(GatewayConfig.TimestampHeader, callback.Timestamp);
        request.Headers.Add(GatewayConfig.SignatureHeader, callback.Signature);
        if (attempt is { } number)
        {
            request.Headers.Add("X-Attempt", number.ToString(CultureInfo.InvariantCulture));
        }

        return SendAsync(request, cancellationToken);
    }

    public Task<Answer> GetAsync(Uri url, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);

    private async Task<Answer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                using var response = await client.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                return new Answer((int)response.StatusCode, body, response.Headers.RetryAfter?.Delta);
            }
            catch (HttpRequestException)
            {
                return Answer.None;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Answer.None; // the client's timeout
            }
        }
    }
}
