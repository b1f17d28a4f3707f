using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Callbacks;

/// <summary>YARP's client factory, with <see cref="BufferedBodyHandler"/> in front of every cluster's handler.</summary>
internal sealed class CallbackForwarderHttpClientFactory(ILogger<ForwarderHttpClientFactory> logger) : ForwarderHttpClientFactory(logger)
{
    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new BufferedBodyHandler(base.WrapHandler(context, handler));
}
