using Gateway.LoadTests.Outcomes;
using Gateway.LoadTests.Senders;
using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.OpenModel;

/// <summary>The requests an open-model run sends: a plain GET, or a new callback (a new event) signed when it is sent and recorded in the scenario's ledger.</summary>
internal static class OpenModelRequests
{
    public static Func<CancellationToken, Task<bool>> Plain(HttpSender sender, Uri gateway)
    {
        var request = HttpRequestBytes.Get(new Uri(gateway, GatewayConfig.PlainPath));
        return async cancellationToken => (await sender.SendAsync(gateway, request, cancellationToken)).IsSuccess;
    }

    /// <summary>Each callback once, no retry: a rejected one is counted as not accepted.</summary>
    public static Func<CancellationToken, Task<bool>> Callbacks(HttpSender sender, Uri gateway, EventIds events, EventLedger ledger)
    {
        return async cancellationToken =>
        {
            var eventId = events.Next();
            ledger.Sent(eventId);
            var answer = await sender.SendCallbackAsync(gateway, CallbackSigner.Sign(eventId, DateTimeOffset.UtcNow), attempt: null, cancellationToken);
            if (answer.IsSuccess)
            {
                ledger.Answered(eventId, answer.Body);
            }

            return answer.IsSuccess;
        };
    }
}
