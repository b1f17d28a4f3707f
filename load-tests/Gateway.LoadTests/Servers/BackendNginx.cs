namespace Gateway.LoadTests.Servers;

/// <summary>
/// The backend behind every gateway: nginx answering 200 with the event identity the gateway handed it
/// (<c>X-Callback-Event-Id</c>) as the body, so that a sender learns which event an answer is for. It writes one line,
/// <c>{event id} {status}</c>, per callback it answers (buffered, flushed every 100 ms): the record the outcome checks
/// count deliveries in. A callback marked as its sender's first attempt (<c>X-Attempt: 1</c>, which only the retry
/// storm's senders send) fails with 500 for a fifth of the events, picked by event identity, so the same events fail
/// in every run and a retry (<c>X-Attempt: 2</c>) is accepted.
/// </summary>
internal sealed class BackendNginx : IAsyncDisposable
{
    /// <summary>The share of events whose first attempt the backend fails, when the sender marks its attempts.</summary>
    public const double FirstAttemptFailureShare = 0.2;

    private readonly NginxServer _server;

    private BackendNginx(NginxServer server, string deliveryLog)
    {
        _server = server;
        DeliveryLog = deliveryLog;
    }

    public int Port => _server.Port;

    public Uri BaseAddress => _server.BaseAddress;

    public string DeliveryLog { get; }

    public TimeSpan CpuTime => _server.CpuTime;

    /// <summary>Long enough for nginx to have flushed the delivery log of every request it has answered.</summary>
    public static TimeSpan LogFlushDelay { get; } = TimeSpan.FromMilliseconds(400);

    public static async Task<BackendNginx> StartAsync(WorkDirectory directory, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var log = directory.File("deliveries.log");
        var failing = $"{FirstAttemptFailureShare * 100:0}%";
        var server = await NginxServer.StartAsync("backend", port, $$"""
              log_format deliveries '$http_x_callback_event_id $status';
              split_clients "${http_x_callback_event_id}" $unlucky_event { {{failing}} 1; * 0; }
              map "$http_x_attempt:$unlucky_event" $fail_this_attempt { "1:1" 1; default 0; }
              server {
                listen 127.0.0.1:{{port}};
                access_log {{log}} deliveries buffer=64k flush=100ms if=$http_x_callback_event_id;
                location / {
                  if ($fail_this_attempt) { return 500; }
                  return 200 $http_x_callback_event_id;
                }
              }
            """, directory, cancellationToken);
        return new BackendNginx(server, log);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
