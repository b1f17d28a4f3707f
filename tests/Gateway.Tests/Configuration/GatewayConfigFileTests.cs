using Gateway.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Gateway.Tests.Configuration;

/// <summary>The config file source on its own: a change that cannot be read leaves the last good content in force.</summary>
public sealed class GatewayConfigFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("{ \"Gateway\": { \"KeyPrefix\": ")]
    [InlineData("")]
    [InlineData("not json at all")]
    public async Task Reload_UnreadableChange_KeepsLastGoodContentAndRecordsWhy(string broken)
    {
        var path = Path.Combine(_directory, "yarp.json");
        await File.WriteAllTextAsync(path, """{ "Gateway": { "KeyPrefix": "good" } }""");
        var file = GatewayConfigFile.Locate(["--config", path]);
        var configuration = new ConfigurationBuilder().Add(file).Build();
        var reloaded = Reloaded(configuration);

        await File.WriteAllTextAsync(path, broken);
        await reloaded.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("good", configuration["Gateway:KeyPrefix"]);
        Assert.Equal(path, file.TakeRejection()?.Path);
    }

    [Fact]
    public async Task Reload_ValidChange_Applied()
    {
        var path = Path.Combine(_directory, "yarp.json");
        await File.WriteAllTextAsync(path, """{ "Gateway": { "KeyPrefix": "before" } }""");
        var file = GatewayConfigFile.Locate(["--config", path]);
        var configuration = new ConfigurationBuilder().Add(file).Build();
        var reloaded = Reloaded(configuration);

        await File.WriteAllTextAsync(path, """{ "Gateway": { "KeyPrefix": "after" } }""");
        await reloaded.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("after", configuration["Gateway:KeyPrefix"]);
        Assert.Null(file.TakeRejection());
    }

    [Fact]
    public void Locate_MissingFile_SaysWhichAndHowToPointElsewhere()
    {
        var error = Assert.Throws<FileNotFoundException>(() => GatewayConfigFile.Locate(["--config", Path.Combine(_directory, "missing.json")]));

        Assert.Contains("--config PATH", error.Message, StringComparison.Ordinal);
    }

    private static Task Reloaded(IConfigurationRoot configuration)
    {
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ChangeToken.OnChange(configuration.GetReloadToken, () => reloaded.TrySetResult());
        return reloaded.Task;
    }
}
