// CPU time of batch scoring (the sum over threads), beside the wall time that ScoringBenchmarks measures: on a shared
// machine the wall time counts the time other processes hold the cores, the CPU time only the work done.
// Usage, from the repository root: dotnet run -c Release benchmarks/peers/scoring-cpu-time.cs
#:project ../PredictiveMaintenance.Benchmarks/PredictiveMaintenance.Benchmarks.csproj
#:property PublishAot=false
using System.Diagnostics;
using PredictiveMaintenance;
using PredictiveMaintenance.Benchmarks;
using PredictiveMaintenance.Features;
using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.Scoring;
using PredictiveMaintenance.Tracking;

const string Spec = "volt: mean(24h), std(24h); rotate: mean(24h), std(24h); pressure: mean(24h), std(24h); vibration: mean(24h), std(24h)";
TelemetryTable telemetry = AzureTelemetryGenerator.Table();
string folder = Directory.CreateTempSubdirectory("pdm-scoring-cpu-").FullName;
try
{
    // The model of ScoringBenchmarks: 100 trees, ψ = 256, trained on the features of the first ten machines.
    TelemetryTable training = new FeatureComputer(FeatureSpec.Parse(Spec)).Compute(telemetry.SelectAssets(telemetry.AssetIds.Take(10)));
    IsolationForestDetector detector = new IsolationForestTrainer(new IsolationForestOptions { Seed = 2015, Trees = 100, MaxSamples = 256 }).Fit(training);
    string artifact = Path.Combine(folder, "iforest.pdm");
    await detector.SaveAsync(artifact);
    var registry = new ModelRegistry(FolderTrackingStore.Open(Path.Combine(folder, "registry")));
    await registry.RegisterAsync("azure-iforest", artifact, new NewModelVersion { FeatureSpecification = Spec, InputSchema = telemetry.Schema });
    using ModelScorer scorer = await ModelScorer.LoadAsync(registry, ModelReference.ForVersion("azure-iforest", 1));

    using Process process = Process.GetCurrentProcess();
    var wall = new List<double>();
    var cpu = new List<double>();
    for (int run = 0; run < 11; run++)
    {
        process.Refresh();
        TimeSpan before = process.TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        ScoringResult result = scorer.Score(telemetry);
        double elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        process.Refresh();
        if (run >= 2)
        {
            wall.Add(elapsed);
            cpu.Add((process.TotalProcessorTime - before).TotalMilliseconds);
        }

        if (result.ScoredCount + result.UnscoredCount != telemetry.RowCount)
        {
            throw new InvalidOperationException("Rows went missing.");
        }
    }

    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
    Console.WriteLine($"Score of {telemetry.RowCount:N0} rows, 9 runs after 2 warm-up runs, {Environment.ProcessorCount} cores: median wall {Median(wall):F0} ms, median CPU {Median(cpu):F0} ms");
}
finally
{
    Directory.Delete(folder, recursive: true);
}
