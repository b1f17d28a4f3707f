using Gateway.LoadTests.Outcomes;

namespace Gateway.LoadTests.Senders;

/// <summary>
/// A sender that retries a callback until it is accepted (2xx), as payment providers do: after an answer with
/// <c>Retry-After</c> (the gateway's 409 while a copy is in flight, its 503s) it waits that long, after any other answer
/// or none it backs off exponentially. It gives up after <see cref="MaxAttempts"/>, so a run always ends. Every answer
/// is tallied, and the accepted one (or giving up) recorded in the scenario's ledger. With
/// <paramref name="numberAttempts"/> each try carries its number in <c>X-Attempt</c>, which the backend reads (the retry storm).
/// </summary>
internal sealed class RetryingSender(HttpSender sender, AnswerTally answers, EventLedger ledger, bool numberAttempts)
{
    public const int MaxAttempts = 30;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(1);

    public async Task<bool> SendUntilAcceptedAsync(Uri gateway, SignedCallback callback, CancellationToken cancellationToken)
    {
        var backoff = FirstBackoff;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var answer = await sender.SendCallbackAsync(gateway, callback, numberAttempts ? attempt : null, cancellationToken);
            answers.Add(answer.Status);
            if (answer.IsSuccess)
            {
                ledger.Answered(callback.EventId, answer.Body);
                return true;
            }

            await Task.Delay(answer.RetryAfter ?? backoff, cancellationToken);
            backoff = backoff * 2 < LongestBackoff ? backoff * 2 : LongestBackoff;
        }

        ledger.SenderGaveUp();
        return false;
    }
}
