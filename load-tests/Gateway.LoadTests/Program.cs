using Gateway.LoadTests.Cli;
using Gateway.LoadTests.Servers;

if (args is [] or ["--help"] or ["-h"])
{
    Console.WriteLine(LoadTestOptions.Usage);
    return args is [] ? LoadTestCommand.BadArguments : LoadTestCommand.Passed;
}

LoadTestOptions options;
try
{
    options = LoadTestOptions.Parse(args, RepositoryLayout.Find());
}
catch (ArgumentException problem)
{
    Console.Error.WriteLine(problem.Message);
    Console.Error.WriteLine(LoadTestOptions.Usage);
    return LoadTestCommand.BadArguments;
}

return await LoadTestCommand.RunAsync(options);
