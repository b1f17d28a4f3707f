namespace Gateway.Configuration;

/// <summary>Adds the gateway's configuration file with its usual precedence below environment variables and the command line.</summary>
internal static class GatewayConfigFileExtensions
{
    public static GatewayConfigFile AddGatewayConfigFile(this WebApplicationBuilder builder, string[] args)
    {
        var file = GatewayConfigFile.Locate(args);
        ((IConfigurationBuilder)builder.Configuration).Add(file);

        // Added again after the file so that they override it, as ASP.NET Core's own sources do.
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        builder.Services.AddSingleton(file);
        return file;
    }
}
