using System.Diagnostics;
using Gateway.Callbacks;
using Gateway.Observability;

namespace Gateway.Tests.Observability;

/// <summary>
/// The gateway's spans without a gateway: what they cost when nobody listens, and what they record when a listener samples
/// them or samples them out. One class, so its tests never run beside each other: a listener is process-wide.
/// </summary>
public sealed class GatewayTracingTests
{
    [Fact]
    public void Spans_TracingOff_NullAndNothingAllocated()
    {
        var spans = new Activity?[4];
        RecordCallback(spans); // JIT and statics first
        var before = GC.GetAllocatedBytesForCurrentThread();

        RecordCallback(spans);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.All(spans, Assert.Null);
    }

    [Fact]
    public void Spans_Sampled_TaggedAndStoreOrBackendFailuresAreErrors()
    {
        using var listener = Listen(ActivitySamplingResult.AllDataAndRecorded);

        var spans = new Activity?[4];

        RecordCallback(spans);

        var (verify, claim, forward, settle) = (spans[0], spans[1], spans[2], spans[3]);

        Assert.Equal("invalid_signature", verify!.GetTagItem(GatewayTracing.OutcomeAttribute));
        Assert.Equal(ActivityStatusCode.Unset, verify.Status);
        Assert.Equal("forward_without_dedup", claim!.GetTagItem(GatewayTracing.ClaimDecisionAttribute));
        Assert.Equal((ActivityStatusCode.Error, "store_unavailable"), (claim.Status, claim.GetTagItem(GatewayTracing.ErrorTypeAttribute)));
        Assert.Equal((ActivityStatusCode.Error, "backend_unreachable"), (forward!.Status, forward.GetTagItem(GatewayTracing.ErrorTypeAttribute)));
        Assert.Equal(("release", ActivityStatusCode.Error), (settle!.GetTagItem(GatewayTracing.StoreOperationAttribute), settle.Status));
    }

    [Fact]
    public void Spans_SampledOut_NoTags()
    {
        using var listener = Listen(ActivitySamplingResult.PropagationData);

        var spans = new Activity?[4];

        RecordCallback(spans);

        Assert.All(spans, span => Assert.Empty(span!.TagObjects));
        Assert.All(spans, span => Assert.Equal(ActivityStatusCode.Unset, span!.Status));
    }

    /// <summary>Each span as the pipeline starts and ends it, the failing way, kept (stopped) in <paramref name="spans"/>.</summary>
    private static void RecordCallback(Activity?[] spans)
    {
        using var verify = GatewayTracing.StartVerify("route", "policy");
        GatewayTracing.SetOutcome(verify, CallbackOutcome.InvalidSignature);
        using var claim = GatewayTracing.StartClaim("policy", "evt_1");
        GatewayTracing.SetDecision(claim, ClaimDecision.ForwardWithoutDedup);
        using var forward = GatewayTracing.StartForward("route", "policy", "evt_1");
        GatewayTracing.SetOutcome(forward, CallbackOutcome.BackendUnreachable);
        using var settle = GatewayTracing.StartSettle("policy", StoreOperations.Release);
        GatewayTracing.SetStoreUnavailable(settle);
        GatewayTracing.TagRequest("route", "policy", CallbackOutcome.BackendUnreachable);
        (spans[0], spans[1], spans[2], spans[3]) = (verify, claim, forward, settle);
    }

    private static ActivityListener Listen(ActivitySamplingResult sampling)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GatewayTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => sampling,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
