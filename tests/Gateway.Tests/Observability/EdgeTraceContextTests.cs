using System.Diagnostics;
using Gateway.Observability;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Gateway.Tests.Observability;

/// <summary>A sender's trace context is at most a link, and only when it parses; tracing's switch is the OTLP endpoint.</summary>
public sealed class EdgeTraceContextTests
{
    private const string Valid = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public void LinkSenderContext_ValidTraceparent_LinkedWithoutTraceState()
    {
        using var activity = new Activity("request");
        var request = Request(Valid);
        request.Headers["tracestate"] = "sender=chosen";

        EdgeTraceContext.LinkSenderContext(activity, request);

        var link = Assert.Single(activity.Links);
        Assert.Equal(Valid, $"00-{link.Context.TraceId}-{link.Context.SpanId}-01");
        Assert.Null(link.Context.TraceState);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("00-00000000000000000000000000000000-b7ad6b7169203331-01")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331")]
    [InlineData("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01,00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")]
    [InlineData("<script>")]
    public void LinkSenderContext_MissingOrInvalidTraceparent_NoLink(string? traceparent)
    {
        using var activity = new Activity("request");

        EdgeTraceContext.LinkSenderContext(activity, Request(traceparent));

        Assert.Empty(activity.Links);
    }

    [Fact]
    public void LinkSenderContext_TraceparentTwice_NoLink()
    {
        using var activity = new Activity("request");
        var request = Request(null);
        request.Headers.Append("traceparent", Valid);
        request.Headers.Append("traceparent", Valid);

        EdgeTraceContext.LinkSenderContext(activity, request);

        Assert.Empty(activity.Links);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData(" ", null, false)]
    [InlineData("http://127.0.0.1:4317", null, true)]
    [InlineData(null, "http://127.0.0.1:4318/v1/traces", true)]
    public void IsTracingOn_OtlpEndpoints_OnWhenEitherIsSet(string? endpoint, string? tracesEndpoint, bool expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TracingExtensions.OtlpEndpointKey] = endpoint,
            [TracingExtensions.OtlpTracesEndpointKey] = tracesEndpoint,
        }).Build();

        Assert.Equal(expected, TracingExtensions.IsTracingOn(configuration));
    }

    private static HttpRequest Request(string? traceparent)
    {
        var context = new DefaultHttpContext();
        if (traceparent is not null)
        {
            context.Request.Headers["traceparent"] = traceparent;
        }

        return context.Request;
    }
}
