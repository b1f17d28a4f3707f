using System.Globalization;
using BenchmarkDotNet.Running;
using Gateway.Benchmarks;

// `--store-memory N`: the in-memory store's bytes per delivered event, for Gateway.LoadTests (not a BenchmarkDotNet
// benchmark: it measures what stays on the heap, once, not time).
if (args is ["--store-memory", var events])
{
    Console.WriteLine(StoreMemoryMeasurement.Run(int.Parse(events, CultureInfo.InvariantCulture)));
    return;
}

// Every benchmark class in this assembly; pick with --filter, e.g. `--filter '*VerifyBenchmarks*' --job short`.
// (Not typeof(Program): the Gateway assembly has a Program of its own.)
BenchmarkSwitcher.FromAssembly(typeof(VerifyBenchmarks).Assembly).Run(args);
