using Gateway;
using Gateway.Configuration;
using Gateway.Observability;

Program.Build(args).Run();

/// <summary>The gateway's host; <see cref="Build(string[])"/> is also what the integration tests start.</summary>
public partial class Program
{
    public static WebApplication Build(string[] args) => Build(args, static _ => { });

    /// <summary>The same, with <paramref name="configureServices"/> run after the gateway's own: the tests' way in (an in-memory span exporter).</summary>
    internal static WebApplication Build(string[] args, Action<IServiceCollection> configureServices)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddGatewayConfigFile(args);          // yarp.json (or --config / GATEWAY_CONFIG), below env vars and args
        builder.AddManagementListener();             // /metrics /healthz /readyz on Gateway:ManagementUrls, when set
        builder.Services.AddCallbackGateway(builder.Configuration);
        configureServices(builder.Services);

        var app = builder.Build();
        app.MapCallbackGateway();                   // the guard, /healthz, /readyz, /metrics, then YARP with the callback middleware
        return app;
    }
}
