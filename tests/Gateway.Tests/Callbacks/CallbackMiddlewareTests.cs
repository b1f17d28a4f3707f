using System.Security.Cryptography;
using System.Text;
using Gateway.Callbacks;
using Gateway.Deduplication;
using Gateway.Observability;
using Gateway.Tests.Fixtures;
using Gateway.Verification;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;
using Gateway.Model;

namespace Gateway.Tests.Callbacks;

/// <summary>
/// The callback middleware on its own: a <see cref="DefaultHttpContext"/>, a lambda for YARP, a recording store and fake
/// time, so the order of settlement and answer, the lease and the forwarder's failures are checked deterministically.
/// </summary>
public sealed class CallbackMiddlewareTests : IDisposable
{
    private const string Secret = "unit-secret";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly RecordingStore _store;
    private readonly ClaimLifecycle _claims;
    private readonly GatewayMetrics _metrics = new(new CollectorRegistry());
    private readonly CallbackSettingsMonitor _settings;
    private readonly RejectionLog _rejections;

    public CallbackMiddlewareTests()
    {
        _store = new RecordingStore(new InMemoryDedupStore(_time));
        _claims = new ClaimLifecycle(_store, _metrics, _time, NullLogger<ClaimLifecycle>.Instance);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CallbackPolicies:p:Scheme"] = "Hmac",
            ["CallbackPolicies:p:Secrets:0"] = Secret,
            ["CallbackPolicies:p:Header"] = "X-Signature",
            ["CallbackPolicies:p:Dedup:Identity:0"] = "/id",
            ["CallbackPolicies:p:Dedup:Lease"] = Lease.ToString(),
        }).Build();
        var schemes = new ServiceCollection().AddSignatureSchemes().BuildServiceProvider().GetServices<ISignatureScheme>();
        _settings = new CallbackSettingsMonitor(configuration, new CallbackSettingsLoader(schemes), NullLogger<CallbackSettingsMonitor>.Instance);
        _rejections = new RejectionLog(_time, NullLogger<RejectionLog>.Instance);
    }

    public void Dispose()
    {
        _rejections.Dispose();
        _claims.Dispose();
        _settings.Dispose();
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(404)]
    [InlineData(302)]
    public async Task BackendRefuses_ClaimReleasedBeforeTheAnswerStarts(int status)
    {
        var (context, response) = Callback("evt_refused");

        await Middleware(async ctx =>
        {
            ctx.Response.StatusCode = status;
            await response.StartAsync();
        }).InvokeAsync(context);

        Assert.Equal(["claim", "release", "response started"], _store.Events);
        Assert.Equal(ClaimResult.Claimed, await _store.Inner.TryClaimAsync(_store.LastKey!, "retry", Lease, default));
    }

    [Fact]
    public async Task BackendAccepts_MarkedDoneBeforeTheAnswerStarts()
    {
        var (context, response) = Callback("evt_accepted");

        await Middleware(async ctx =>
        {
            ctx.Response.StatusCode = 200;
            await response.StartAsync();
        }).InvokeAsync(context);

        Assert.Equal(["claim", "mark_done", "response started"], _store.Events);
        Assert.Equal(ClaimResult.Done, await _store.Inner.TryClaimAsync(_store.LastKey!, "retry", Lease, default));
    }

    [Fact]
    public async Task ForwarderThrows_ClaimLeftToItsLeaseCountedAndRethrown()
    {
        var (context, _) = Callback("evt_throws");

        await Assert.ThrowsAsync<InvalidOperationException>(() => Middleware(_ => throw new InvalidOperationException("transform failed")).InvokeAsync(context));

        Assert.Equal(["claim"], _store.Events); // neither done nor free: the backend may have it
        Assert.Equal(ClaimResult.InFlight, await _store.Inner.TryClaimAsync(_store.LastKey!, "retry", Lease, default));
        Assert.Equal(1, await MetricsText.ValueAsync(_metrics.Registry, "gateway_callbacks_total", "outcome=\"backend_unreachable\""));
    }

    [Fact]
    public async Task LeaseEndsDuringForward_ForwardCancelledAtTheLeaseInstant()
    {
        var (context, _) = Callback("evt_slow");
        var cancelledAt = TimeSpan.MinValue;
        var started = _time.GetUtcNow();
        var forwarding = new TaskCompletionSource();

        var invocation = Middleware(async ctx =>
        {
            var token = ctx.RequestAborted;
            forwarding.SetResult();
            await Task.Delay(Timeout.Infinite, token).ContinueWith(_ => cancelledAt = _time.GetUtcNow() - started, TaskScheduler.Default);
        }).InvokeAsync(context);
        await forwarding.Task;
        _time.Advance(Lease - TimeSpan.FromMilliseconds(1));
        Assert.Equal(TimeSpan.MinValue, cancelledAt);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await invocation;

        Assert.Equal(Lease, cancelledAt);
        Assert.True(context.Features.Get<Delivery>()!.TimedOut);
    }

    [Fact]
    public async Task LeaseDeadline_ForwardCutOffWhileSenderWaits_ReportedAsTimeout504()
    {
        var (context, _) = Callback("evt_hangs");
        var forwarding = new TaskCompletionSource();
        var proxy = new LeaseDeadlineMiddleware(async ctx =>
        {
            forwarding.SetResult();
            await Task.Delay(Timeout.Infinite, ctx.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            ctx.Features.Set<IForwarderErrorFeature>(new Canceled()); // what YARP reports for a cancelled request
            ctx.Response.StatusCode = 502;
        });

        var invocation = Middleware(proxy.InvokeAsync).InvokeAsync(context);
        await forwarding.Task;
        _time.Advance(Lease);
        await invocation;

        Assert.Equal(ForwarderError.RequestTimedOut, context.Features.Get<IForwarderErrorFeature>()!.Error);
        Assert.Equal(504, context.Response.StatusCode);
        Assert.Equal(["claim"], _store.Events); // outcome unknown: left to its lease
    }

    [Fact]
    public async Task SettleRetries_StoreBackAtShutdown_DrainedByOneLastAttempt()
    {
        var (context, response) = Callback("evt_outage");
        var middleware = Middleware(async ctx =>
        {
            _store.Unavailable = true; // down between the claim and the settlement
            ctx.Response.StatusCode = 200;
            await response.StartAsync();
        });

        await middleware.InvokeAsync(context);
        Assert.Equal(1, _claims.PendingRetries);
        _store.Unavailable = false;
        await _claims.StopAsync(CancellationToken.None);

        Assert.Equal(0, _claims.PendingRetries);
        Assert.Equal(ClaimResult.Done, await _store.Inner.TryClaimAsync(_store.LastKey!, "retry", Lease, default));
    }

    [Fact]
    public async Task SettleRetries_UnexpectedFailure_CountedNotLost()
    {
        var (context, response) = Callback("evt_bug");
        var middleware = Middleware(async ctx =>
        {
            _store.Unavailable = true;
            ctx.Response.StatusCode = 200;
            await response.StartAsync();
        });

        await middleware.InvokeAsync(context);
        _store.Unavailable = false;
        _store.Broken = true;
        _time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => _claims.PendingRetries == 0);

        Assert.Equal(1, await MetricsText.ValueAsync(_metrics.Registry, "gateway_dedup_settle_failures_total", $"operation=\"{StoreOperations.MarkDone}\""));
    }

    private CallbackMiddleware Middleware(RequestDelegate next) =>
        new(next, _settings, _claims, new BodyBudget(_settings), _metrics, _rejections, _time, NullLogger<CallbackMiddleware>.Instance);

    private (DefaultHttpContext Context, StartableResponse Response) Callback(string id)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"id":"{{id}}"}""");
        var context = new DefaultHttpContext();
        var response = new StartableResponse(_store);
        context.Features.Set<IHttpResponseFeature>(response);
        context.Request.Method = "POST";
        context.Request.Path = "/hooks";
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        context.Request.Headers["X-Signature"] = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));
        var route = new RouteConfig { RouteId = "r", Match = new RouteMatch { Path = "/hooks" }, Metadata = new Dictionary<string, string> { ["CallbackPolicy"] = "p" } };
        context.Features.Set<IReverseProxyFeature>(new ReverseProxyFeature { Route = new RouteModel(route, null, HttpTransformer.Empty) });
        return (context, response);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    /// <summary>An in-memory store that records the order of operations and can be made unavailable or broken.</summary>
    private sealed class RecordingStore(InMemoryDedupStore inner) : IDedupStore
    {
        public InMemoryDedupStore Inner => inner;

        public List<string> Events { get; } = [];

        public string? LastKey { get; private set; }

        public bool Unavailable { get; set; }

        public bool Broken { get; set; }

        public Task<ClaimResult> TryClaimAsync(string key, string token, TimeSpan lease, CancellationToken cancellationToken)
        {
            Record("claim");
            LastKey = key;
            return inner.TryClaimAsync(key, token, lease, cancellationToken);
        }

        public Task<bool> MarkDoneAsync(string key, string token, TimeSpan retention, CancellationToken cancellationToken)
        {
            Record("mark_done");
            return inner.MarkDoneAsync(key, token, retention, cancellationToken);
        }

        public Task<bool> ReleaseAsync(string key, string token, CancellationToken cancellationToken)
        {
            Record("release");
            return inner.ReleaseAsync(key, token, cancellationToken);
        }

        public Task<bool> IsAvailableAsync(CancellationToken cancellationToken) => Task.FromResult(!Unavailable);

        public void Record(string name)
        {
            if (Broken)
            {
                throw new InvalidOperationException("a bug in the store");
            }

            if (Unavailable)
            {
                throw new DedupStoreUnavailableException("down");
            }

            lock (Events)
            {
                Events.Add(name);
            }
        }
    }

    /// <summary>A response that runs its OnStarting callbacks when started, as Kestrel does, and records that it started.</summary>
    private sealed class StartableResponse(RecordingStore store) : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _onStarting = [];
        private bool _started;

        public override bool HasStarted => _started;

        public override void OnStarting(Func<object, Task> callback, object state) => _onStarting.Insert(0, (callback, state));

        public async Task StartAsync()
        {
            foreach (var (callback, state) in _onStarting)
            {
                await callback(state);
            }

            _started = true;
            lock (store.Events)
            {
                store.Events.Add("response started");
            }
        }
    }

    private sealed class Canceled : IForwarderErrorFeature
    {
        public ForwarderError Error => ForwarderError.RequestCanceled;

        public Exception? Exception => new TaskCanceledException();
    }
}
