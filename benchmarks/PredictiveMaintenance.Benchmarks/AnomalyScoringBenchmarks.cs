using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using PredictiveMaintenance.Models;
using PredictiveMaintenance.Models.Anomaly;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// Scoring a full-size Azure-schema telemetry table (876,100 rows, 4 channels) with an Isolation Forest of 100 trees on
/// one core, the target being at most 1 s. The forest is fitted on the first 10 machines; the baseline is
/// scikit-learn's <c>score_samples</c> of the same rows with a forest fitted on the same rows.
/// </summary>
/// <remarks>
/// One core as <see cref="SingleCoreConfig"/>, but a fixed 7 iterations after one warm-up: scikit-learn takes about a
/// minute per pass over the table on this machine, and <see cref="SingleCoreConfig"/>'s up to 30 would take half an hour.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(AnomalyScoringConfig))]
public class AnomalyScoringBenchmarks
{
    private TelemetryTable _table = null!;
    private IsolationForestDetector _detector = null!;
    private AnomalyPeer _peer = null!;

    /// <summary>Machines of the fleet; 100 is the full size (876,100 rows).</summary>
    [Params(AzureTelemetryGenerator.Machines)]
    [CheckSize(2)]
    public int Machines { get; set; }

    /// <summary>Generates the table, fits both forests.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _table = AzureTelemetryGenerator.Table(Machines);
        TelemetryTable training = _table.SelectAssets(_table.AssetIds.Take(10));
        _detector = new IsolationForestTrainer(new IsolationForestOptions { Seed = 0, MaxDegreeOfParallelism = 1 }).Fit(training);
        _peer = AnomalyPeer.Start(FeatureMatrix.FromTable(training).Values, FeatureMatrix.FromTable(_table).Values, 4, null, Path.Combine(Path.GetTempPath(), "pdm-iforest-azure"));
        _peer.Run("fit");
    }

    /// <summary>Stops the peer.</summary>
    [GlobalCleanup]
    public void Cleanup() => _peer.Dispose();

    /// <summary>scikit-learn: <c>score_samples</c> of the 876,100 rows, timed inside Python.</summary>
    [Benchmark(Baseline = true)]
    public double ScikitLearn() => _peer.Run("score");

    /// <summary>This package: the table's channels as feature rows, then the scores.</summary>
    [Benchmark]
    public double[] PredictiveMaintenance() => _detector.Score(_table);
}

/// <summary>One core (affinity 1), one warm-up and 7 measured iterations, medians.</summary>
internal sealed class AnomalyScoringConfig : ManualConfig
{
    public AnomalyScoringConfig()
    {
        AddJob(Job.Default.WithAffinity(1).WithWarmupCount(1).WithIterationCount(7).WithId("OneCore"));
        AddColumn(StatisticColumn.Median);
    }
}
