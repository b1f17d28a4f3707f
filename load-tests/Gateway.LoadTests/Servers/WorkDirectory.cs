namespace Gateway.LoadTests.Servers;

/// <summary>A temporary directory for one run's configs, logs and pre-signed callbacks, deleted with everything in it at the end.</summary>
internal sealed class WorkDirectory : IDisposable
{
    public WorkDirectory() => Path = Directory.CreateTempSubdirectory("gateway-load-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
