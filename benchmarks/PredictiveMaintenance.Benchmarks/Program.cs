using BenchmarkDotNet.Running;
using PredictiveMaintenance.Benchmarks;

// One executable for every benchmark class: dotnet run -c Release --project benchmarks/PredictiveMaintenance.Benchmarks -- --filter '*'
// With --check [class name part ...], each benchmark runs once on small data instead, and the contenders' results are compared.
// With --storage-requests, the requests to Azurite of the Delta operations that DeltaAzuriteBenchmarks times are counted.
if (args is ["--check", .. string[] classes])
{
    return await BenchmarkCheck.RunAsync(classes, Console.Out);
}

if (args is ["--storage-requests"])
{
    return await StorageRequestCount.RunAsync(Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
