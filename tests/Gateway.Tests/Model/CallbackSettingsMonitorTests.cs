using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Gateway.Model;

namespace Gateway.Tests.Model;

/// <summary>One request sees one configuration, whatever reloads while it runs.</summary>
public sealed class CallbackSettingsMonitorTests
{
    [Fact]
    public void For_RequestGivenASnapshot_KeepsItAcrossAReload()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:TrustedHeaders:Verified"] = "X-Before",
        }).Build();
        using var monitor = new CallbackSettingsMonitor(configuration, new CallbackSettingsLoader([]), NullLogger<CallbackSettingsMonitor>.Instance);
        var context = new DefaultHttpContext();
        context.Features.Set(monitor.Current);

        configuration["Gateway:TrustedHeaders:Verified"] = "X-After";
        configuration.Reload();

        Assert.Equal("X-After", monitor.Current.Gateway.TrustedHeaders.Verified);
        Assert.Equal("X-Before", monitor.For(context).Gateway.TrustedHeaders.Verified);
        Assert.Equal("X-After", monitor.For(new DefaultHttpContext()).Gateway.TrustedHeaders.Verified);
    }
}
