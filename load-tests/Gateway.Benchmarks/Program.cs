using BenchmarkDotNet.Running;
using Gateway.Benchmarks;

// Every benchmark class in this assembly; pick with --filter, e.g. `--filter '*VerifyBenchmarks*' --job short`.
// (Not typeof(Program): the Gateway assembly has a Program of its own.)
BenchmarkSwitcher.FromAssembly(typeof(VerifyBenchmarks).Assembly).Run(args);
