namespace Gateway.FunctionalTests.LoadTests;

/// <summary>
/// The load-test smoke run saturates both cores for seconds at a time: it runs alone, after the other tests, so that
/// neither slows the other into a timeout.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LoadTestsGroup
{
    public const string Name = "load-tests";
}
