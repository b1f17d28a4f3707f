namespace Gateway.LoadTests.Servers;

/// <summary>
/// Where the repository and the builds this tool runs are. The gateway and the benchmarks project are built with the
/// tool (project references), so their output is under the same configuration and target framework as the tool's own.
/// </summary>
internal sealed record RepositoryLayout(string Root, string Configuration, string TargetFramework)
{
    /// <summary>Another build of the gateway to measure (<c>--gateway</c>), e.g. an earlier commit's, instead of the tool's own.</summary>
    public string? GatewayBuild { get; init; }

    public string GatewayAssembly => GatewayBuild ?? Output("src/Gateway", "Gateway.dll");

    public string BenchmarksAssembly => Output("load-tests/Gateway.Benchmarks", "Gateway.Benchmarks.dll");

    public string BenchmarksMarkdown => Path.Combine(Root, "BENCHMARKS.md");

    public string DefaultResultsDirectory => Path.Combine(Root, "load-tests", "results");

    /// <summary>The tool runs from <c>{project}/bin/{configuration}/{framework}/</c> inside the repository.</summary>
    public static RepositoryLayout Find()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Gateway.sln")))
        {
            root = root.Parent;
        }

        return root is null
            ? throw new InvalidOperationException($"{output.FullName} is not inside the gateway's repository (no Gateway.sln above it).")
            : new RepositoryLayout(root.FullName, output.Parent!.Name, output.Name);
    }

    private string Output(string project, string assembly) => Path.Combine(Root, project, "bin", Configuration, TargetFramework, assembly);
}
