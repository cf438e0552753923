using BenchmarkDotNet.Attributes;
using PredictiveMaintenance.Models;
using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.Models.Evaluation;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// Isolation Forest against scikit-learn 1.2.1 with one job, side by side on the same data: fit 100 trees (256 rows each)
/// on N contaminated rows and score N test rows, 8 features. The global setup also checks that both give the same
/// ROC-AUC on the labelled test rows, within 0.01, and prints both.
/// </summary>
/// <remarks>
/// Data: normal rows are 8 correlated Gaussian features; 1 % of the training rows and 1 % of the test rows are anomalies,
/// half scattered uniformly over ±6 standard deviations and half a tight cluster off the normal correlation.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(SingleCoreConfig))]
public class AnomalyIsolationForestBenchmarks
{
    private const int Columns = 8;
    private FeatureMatrix _train = null!;
    private FeatureMatrix _test = null!;
    private AnomalyPeer _peer = null!;

    /// <summary>Training rows, and as many test rows.</summary>
    [Params(10_000, 100_000)]
    public int Rows { get; set; }

    /// <summary>Builds the data, starts the peer, and compares the ROC-AUCs.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (double[] train, _) = Generate(Rows, seed: 1);
        (double[] test, bool[] labels) = Generate(Rows, seed: 2);
        _train = new FeatureMatrix(train, Columns);
        _test = new FeatureMatrix(test, Columns);
        _peer = new AnomalyPeer(train, test, Columns, labels, Path.Combine(Path.GetTempPath(), $"pdm-iforest-{Rows}"));
        _peer.Run("fitscore");
        double theirs = _peer.Run("auc");
        double ours = RankingMetrics.RocAuc(labels, FitAndScore());
        Console.WriteLine($"// ROC-AUC on {Rows} test rows: PredictiveMaintenance {ours:F4}, scikit-learn {theirs:F4}, difference {Math.Abs(ours - theirs):F4}");
        if (Math.Abs(ours - theirs) > 0.01)
        {
            throw new InvalidOperationException($"ROC-AUC differs by more than 0.01: {ours:F4} against scikit-learn's {theirs:F4}.");
        }
    }

    /// <summary>Stops the peer.</summary>
    [GlobalCleanup]
    public void Cleanup() => _peer.Dispose();

    /// <summary>scikit-learn: <c>IsolationForest(n_estimators=100, max_samples=256, n_jobs=1).fit(train).score_samples(test)</c>, timed inside Python.</summary>
    [Benchmark(Baseline = true)]
    public double ScikitLearn() => _peer.Run("fitscore");

    /// <summary>This package, one thread: fit and score.</summary>
    [Benchmark]
    public double[] PredictiveMaintenance() => FitAndScore();

    private double[] FitAndScore() =>
        new IsolationForestTrainer(new IsolationForestOptions { Seed = 0, MaxDegreeOfParallelism = 1 }).Fit(_train).Score(_test);

    private static (double[] Values, bool[] Labels) Generate(int rows, int seed)
    {
        var random = new Random(seed);
        double[] values = new double[rows * Columns];
        bool[] labels = new bool[rows];
        for (int r = 0; r < rows; r++)
        {
            Span<double> row = values.AsSpan(r * Columns, Columns);
            double common = Gaussian(random);
            labels[r] = random.NextDouble() < 0.01;
            for (int c = 0; c < Columns; c++)
            {
                row[c] = !labels[r] ? (0.7 * common) + (0.7 * Gaussian(random))
                    : r % 2 == 0 ? (random.NextDouble() * 12) - 6
                    : (c % 2 == 0 ? 2.5 : -2.5) + (0.2 * Gaussian(random));
            }
        }

        return (values, labels);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
