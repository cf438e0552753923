using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using PredictiveMaintenance.Features;
using PredictiveMaintenance.Models;
using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.Scoring;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// Batch scoring of the full-size Azure-schema telemetry (876,100 rows, 100 machines hourly through 2015, 4 channels)
/// with an isolation forest (100 trees, ψ = 256) on the mean and standard deviation of each channel over 24 hours,
/// features included, on every core: the scorer loaded from a folder registry, into memory (<c>Score</c>) and into a
/// fresh predictions Delta table (<c>ScoreToDelta</c>), against a naive pipeline (per-row window scans, then the
/// detector).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ScoringConfig))]
public class ScoringBenchmarks
{
    internal const string Spec = "volt: mean(24h), std(24h); rotate: mean(24h), std(24h); pressure: mean(24h), std(24h); vibration: mean(24h), std(24h)";

    private string _folder = null!;
    private TelemetryTable _telemetry = null!;
    private ModelScorer _scorer = null!;
    private AnomalyDetector _detector = null!;
    private int _writes;

    /// <summary>Machines of the fleet; 100 is the full size (876,100 rows).</summary>
    [Params(100)]
    [CheckSize(2)]
    public int Machines { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _telemetry = AzureTelemetryGenerator.Table(Machines);
        (_folder, _scorer) = ScoringSetup.LoadAsync(_telemetry).GetAwaiter().GetResult();
        _detector = AnomalyDetectors.LoadAsync(Path.Combine(_folder, "iforest.pdm")).GetAwaiter().GetResult();

        // Both pipelines must score the same rows alike; checked once, not timed.
        ScoringResult fast = Score();
        double[] naive = NaivePipeline();
        int differ = Enumerable.Range(0, naive.Length).Count(r => !(Math.Abs(naive[r] - fast.Values[r]) <= 1e-9 || (double.IsNaN(naive[r]) && double.IsNaN(fast.Values[r]))));
        if (fast.RowCount != _telemetry.RowCount || differ > 0)
        {
            throw new InvalidOperationException($"The scorer and the naive pipeline disagree on {differ} of {naive.Length} rows.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scorer.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public ScoringResult Score() => _scorer.Score(_telemetry);

    /// <summary>Scoring plus the append to a new predictions table (each invocation writes its own table).</summary>
    [Benchmark]
    public PredictionWriteResult ScoreToDelta() =>
        _scorer.ScoreToDeltaAsync(_telemetry, Path.Combine(_folder, "predictions-" + Interlocked.Increment(ref _writes))).GetAwaiter().GetResult();

    /// <summary>Each row's window found by scanning back, mean and standard deviation in two passes, then the detector.</summary>
    [Benchmark(Baseline = true)]
    public double[] NaivePipeline()
    {
        string[] channels = ["volt", "rotate", "pressure", "vibration"];
        int rows = _telemetry.RowCount;
        double[] features = new double[rows * 8];
        long span = 24 * UnixTime.MicrosecondsPerHour;
        ReadOnlySpan<long> times = _telemetry.Times;
        for (int asset = 0; asset < _telemetry.AssetCount; asset++)
        {
            Range range = _telemetry.GetAssetRows(asset);
            (int first, int length) = range.GetOffsetAndLength(rows);
            for (int row = first; row < first + length; row++)
            {
                int start = row;
                while (start > first && times[start - 1] > times[row] - span)
                {
                    start--;
                }

                for (int c = 0; c < channels.Length; c++)
                {
                    ReadOnlySpan<double> window = _telemetry.GetChannel(c)[start..(row + 1)];
                    double sum = 0;
                    int count = 0;
                    foreach (double v in window)
                    {
                        if (!double.IsNaN(v))
                        {
                            sum += v;
                            count++;
                        }
                    }

                    double mean = count == 0 ? double.NaN : sum / count, squares = 0;
                    foreach (double v in window)
                    {
                        if (!double.IsNaN(v))
                        {
                            squares += (v - mean) * (v - mean);
                        }
                    }

                    features[(row * 8) + (2 * c)] = mean;
                    features[(row * 8) + (2 * c) + 1] = count < 2 ? double.NaN : Math.Sqrt(squares / (count - 1));
                }
            }
        }

        return _detector.Score(new FeatureMatrix(features, 8, _detector.FeatureNames, _telemetry.AssetOffsets));
    }

    private sealed class ScoringConfig : ManualConfig
    {
        public ScoringConfig()
        {
            // In process, as the Features benchmarks (the generated runner project would inherit the repository's build rules).
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(2)
                .WithIterationCount(9)
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithId("Scoring"));
            AddColumn(StatisticColumn.Median);
            HideColumns("Error", "StdDev", "RatioSD");
        }
    }
}

/// <summary>The registry, the trained detector and the loaded scorer the scoring benchmarks share.</summary>
internal static class ScoringSetup
{
    /// <summary>The model's name in the registries the benchmarks write; version 1 is in Production.</summary>
    public const string ModelName = "azure-iforest";

    /// <summary>Trains an isolation forest on the features of the first ten machines, registers it, promotes it and loads it by stage.</summary>
    public static async Task<(string Folder, ModelScorer Scorer)> LoadAsync(TelemetryTable telemetry)
    {
        string folder = Directory.CreateTempSubdirectory("pdm-scoring-bench-").FullName;
        ModelRegistry registry = await RegisterAsync(telemetry, folder);
        return (folder, await ModelScorer.LoadAsync(registry, ModelReference.ForStage(ModelName, ModelStage.Production)));
    }

    /// <summary>
    /// Trains an isolation forest on the features of the first ten machines, saves it as <c>iforest.pdm</c> in
    /// <paramref name="folder"/> and registers it with its feature specification and input schema in the folder
    /// tracking store <c>registry</c> beside it, version 1 in Production.
    /// </summary>
    /// <param name="telemetry">The fleet's telemetry.</param>
    /// <param name="folder">Where the artifact and the tracking store go.</param>
    public static async Task<ModelRegistry> RegisterAsync(TelemetryTable telemetry, string folder)
    {
        TelemetryTable training = new FeatureComputer(FeatureSpec.Parse(ScoringBenchmarks.Spec)).Compute(telemetry.SelectAssets(telemetry.AssetIds.Take(10)));
        IsolationForestDetector detector = new IsolationForestTrainer(new IsolationForestOptions { Seed = 2015, Trees = 100, MaxSamples = 256 }).Fit(training);
        string artifact = Path.Combine(folder, "iforest.pdm");
        Directory.CreateDirectory(folder);
        await detector.SaveAsync(artifact);
        var registry = new ModelRegistry(FolderTrackingStore.Open(Path.Combine(folder, "registry")));
        await registry.RegisterAsync(ModelName, artifact, new NewModelVersion { FeatureSpecification = ScoringBenchmarks.Spec, InputSchema = telemetry.Schema });
        await registry.TransitionAsync(ModelName, 1, ModelStage.Production, "benchmark", "setup");
        return registry;
    }
}
