using System.Globalization;
using Gateway.LoadTests.Servers;

namespace Gateway.LoadTests.Cli;

/// <summary>What to run and for how long; the defaults are the full run (<c>--all</c>), <see cref="Smoke"/> shortens everything.</summary>
internal sealed record LoadTestOptions
{
    public required RepositoryLayout Layout { get; init; }

    public required IReadOnlySet<string> Scenarios { get; init; }

    /// <summary>Every scenario for a second or two: the outcome checks as always, no targets judged.</summary>
    public bool Smoke { get; init; }

    /// <summary>Writes the tables into the repository's BENCHMARKS.md (only a full run of every scenario does).</summary>
    public bool UpdateBenchmarks { get; init; }

    public string CommandLine { get; init; } = string.Empty;

    public int Connections { get; init; } = 32;

    public int WrkThreads { get; init; } = 1;

    public int Rounds { get; init; } = 3;

    public TimeSpan RoundLength { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan WarmUp { get; init; } = TimeSpan.FromSeconds(3);

    public TimeSpan OpenModelLength { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The latency rows' arrival rate; by default half the plain route's maximum as measured in the same run.</summary>
    public double? LatencyRate { get; init; }

    public TimeSpan StormLength { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Events per second in the storms (the duplicate storm sends five copies of each).</summary>
    public double StormRate { get; init; } = 200;

    public TimeSpan SoakLength { get; init; } = TimeSpan.FromMinutes(3);

    public double SoakRate { get; init; } = 1000;

    public int StoreEvents { get; init; } = 1_000_000;

    public required string ResultsDirectory { get; init; }

    public bool Runs(string scenario) => Scenarios.Contains(scenario);

    public static string Usage { get; } = $"""
        Usage: dotnet run -c Release --project load-tests/Gateway.LoadTests -- (--all | --smoke | --scenario NAME...) [options]

          --all                 every scenario at full length (about 7 minutes); writes BENCHMARKS.md
          --smoke               every scenario (or those named) for 1-2 s each, outcome checks on, no targets judged
          --scenario NAME       run NAME (repeat or separate with commas)
          --connections N       wrk connections (32)            --wrk-threads N    wrk threads (1)
          --rounds N            saturation rounds (3)           --seconds N        seconds per saturation round (5)
          --warm-up N           warm-up seconds per row (3)     --open-seconds N   seconds per latency row (10)
          --latency-rate N      latency rows' requests/s (half the plain route's measured maximum)
          --storm-seconds N     (10)                            --storm-rate N     storm events/s (200)
          --soak-seconds N      (180)                           --soak-rate N      soak callbacks/s (1000)
          --store-events N      events for the in-memory store's bytes per event (1000000)
          --results DIR         where report.md and report.json go (load-tests/results/<time>)
          --gateway DLL         measure another build of the gateway (e.g. an earlier commit's bin/Release/net10.0/Gateway.dll)

        Scenarios:
        {string.Join(Environment.NewLine, ScenarioNames.All.Select(s => $"  {s.Key,-17} {s.Value}"))}

        Exit code: 0 every outcome check passed; 1 an event was delivered twice or never, or the run failed; 2 bad arguments.
        """;

    public static LoadTestOptions Parse(string[] args, RepositoryLayout layout)
    {
        var scenarios = new HashSet<string>(StringComparer.Ordinal);
        var all = false;
        var options = new LoadTestOptions
        {
            Layout = layout,
            Scenarios = scenarios,
            CommandLine = string.Join(' ', args),
            ResultsDirectory = Path.Combine(layout.DefaultResultsDirectory, DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)),
        };

        for (var i = 0; i < args.Length; i++)
        {
            string Value() => ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
            int Count() => int.TryParse(Value(), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{args[i - 1]} takes a whole number above 0.");
            TimeSpan Seconds() => TimeSpan.FromSeconds(Count());

            options = args[i] switch
            {
                "--all" => options with { UpdateBenchmarks = all = true },
                "--smoke" => SmokeLengths(options),
                "--scenario" => AddScenarios(options, scenarios, Value()),
                "--connections" => options with { Connections = Count() },
                "--wrk-threads" => options with { WrkThreads = Count() },
                "--rounds" => options with { Rounds = Count() },
                "--seconds" => options with { RoundLength = Seconds() },
                "--warm-up" => options with { WarmUp = Seconds() },
                "--open-seconds" => options with { OpenModelLength = Seconds() },
                "--latency-rate" => options with { LatencyRate = Count() },
                "--storm-seconds" => options with { StormLength = Seconds() },
                "--storm-rate" => options with { StormRate = Count() },
                "--soak-seconds" => options with { SoakLength = Seconds() },
                "--soak-rate" => options with { SoakRate = Count() },
                "--store-events" => options with { StoreEvents = Count() },
                "--results" => options with { ResultsDirectory = Path.GetFullPath(Value()) },
                "--gateway" => options with { Layout = options.Layout with { GatewayBuild = Path.GetFullPath(Value()) } },
                _ => throw new ArgumentException($"Unknown argument {args[i]}."),
            };
        }

        if (all || (options.Smoke && scenarios.Count == 0))
        {
            scenarios.UnionWith(ScenarioNames.All.Keys);
        }

        if (scenarios.Count == 0)
        {
            throw new ArgumentException("Say what to run: --all, --smoke or --scenario NAME.");
        }

        if (all && options.Smoke)
        {
            throw new ArgumentException("--all and --smoke exclude each other.");
        }

        // Figures from a Debug build of the gateway would be published as its cost; the smoke run only checks outcomes.
        if (!options.Smoke && layout.Configuration != "Release")
        {
            throw new ArgumentException($"Measuring needs the Release build (this is {layout.Configuration}): run with -c Release.");
        }

        return options;
    }

    private static LoadTestOptions SmokeLengths(LoadTestOptions options) => options with
    {
        Smoke = true,
        Rounds = 1,
        RoundLength = TimeSpan.FromSeconds(1),
        WarmUp = TimeSpan.Zero,
        OpenModelLength = TimeSpan.FromSeconds(1),
        StormLength = TimeSpan.FromSeconds(1),
        StormRate = 50,
        SoakLength = TimeSpan.FromSeconds(2),
        SoakRate = 200,
        StoreEvents = 100_000,
    };

    private static LoadTestOptions AddScenarios(LoadTestOptions options, HashSet<string> scenarios, string names)
    {
        foreach (var name in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!ScenarioNames.All.ContainsKey(name))
            {
                throw new ArgumentException($"Unknown scenario {name}; the scenarios are {string.Join(", ", ScenarioNames.All.Keys)}.");
            }

            scenarios.Add(name);
        }

        return options;
    }
}
