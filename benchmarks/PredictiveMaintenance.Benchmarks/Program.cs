using BenchmarkDotNet.Running;
using PredictiveMaintenance.Benchmarks;

// One executable for every benchmark class: dotnet run -c Release --project benchmarks/PredictiveMaintenance.Benchmarks -- --filter '*'
// With --check [class name part ...], each benchmark runs once on small data instead, and the contenders' results are compared.
// With --storage-requests, the requests to Azurite of the Delta operations that DeltaAzuriteBenchmarks times are counted.
// With --serving-registry <folder>, the model ScoringOnlineBenchmarks scores is registered in the tracking store <folder>/registry, for pdm serve.
if (args is ["--check", .. string[] classes])
{
    return await BenchmarkCheck.RunAsync(classes, Console.Out);
}

if (args is ["--storage-requests"])
{
    return await StorageRequestCount.RunAsync(Console.Out);
}

if (args is ["--serving-registry", string store])
{
    await ScoringSetup.RegisterAsync(AzureTelemetryGenerator.Table(12), store);
    Console.WriteLine($"{ScoringSetup.ModelName} version 1 registered in Production in {Path.Combine(store, "registry")}");
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
