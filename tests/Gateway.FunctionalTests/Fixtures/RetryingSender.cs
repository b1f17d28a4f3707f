using System.Collections.Concurrent;
using System.Net;

namespace Gateway.Tests.Fixtures;

/// <summary>A provider's sender: re-signs and re-sends an event until it gets a 2xx, pausing between tries.</summary>
public static class RetryingSender
{
    /// <summary>Sends event <paramref name="id"/> through <paramref name="gateway"/> until acknowledged or <paramref name="deadline"/> passes; counts each acknowledgement.</summary>
    public static async Task SendUntilAcknowledgedAsync(GatewayInstance gateway, string id, int startAfterMs, TimeSpan deadline, ConcurrentDictionary<string, int> acknowledged)
    {
        await Task.Delay(startAfterMs);
        var body = TestCallbacks.NewBody(id);
        var until = DateTime.UtcNow + deadline;
        while (DateTime.UtcNow < until)
        {
            try
            {
                var response = await gateway.Client.SendAsync(TestCallbacks.SignedRequest(body));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    acknowledged.AddOrUpdate(id, 1, (_, n) => n + 1);
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // a refused connection is a failed try like any other
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(100, 300)));
        }
    }
}
