using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Fixtures;

/// <summary>A minimal real Kestrel app on 127.0.0.1 that hands every request to one handler: the tests' backends.</summary>
internal static class LoopbackApp
{
    /// <summary>Starts the app on <paramref name="port"/> (0: any free one); returns it and its address with a trailing slash.</summary>
    public static async Task<(WebApplication App, string Address)> StartAsync(RequestDelegate handler, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return (app, app.Urls.Single().TrimEnd('/') + "/");
    }

    public static async ValueTask StopAsync(WebApplication? app)
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
