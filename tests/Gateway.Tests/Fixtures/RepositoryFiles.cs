namespace Gateway.Tests.Fixtures;

/// <summary>Files of the repository the tests read (yarp.json, SECURITY.md), found from the test binaries upwards.</summary>
public static class RepositoryFiles
{
    public static string Path(params string[] parts)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Gateway.sln")))
            {
                return System.IO.Path.Combine([directory.FullName, .. parts]);
            }
        }

        throw new InvalidOperationException($"No Gateway.sln above {AppContext.BaseDirectory}.");
    }
}
