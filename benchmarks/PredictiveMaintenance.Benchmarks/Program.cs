using BenchmarkDotNet.Running;

// One executable for every benchmark class: dotnet run -c Release --project benchmarks/PredictiveMaintenance.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
