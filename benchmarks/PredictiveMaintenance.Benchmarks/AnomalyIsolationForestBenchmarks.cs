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
/// <para>
/// Data: normal rows are 8 correlated Gaussian features (variance about 1, correlation 0.5); 1 % of the training rows and
/// 1 % of the test rows are anomalies, half scattered uniformly over ±4 and half a cluster at ±1.5 (sign alternating by
/// feature, against the normal correlation) with spread 0.3. Many anomalies fall inside the normal cloud, so the AUC is
/// about 0.98, not 1, and a difference in the splitting rules would show.
/// </para>
/// <para>
/// One forest's AUC moves with its seed by up to 0.02 here, more than the tolerance, so each side's AUC is the mean over
/// forests of seeds 0 to 9: the two implementations draw different random numbers and only their means can agree.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(SingleCoreConfig))]
public class AnomalyIsolationForestBenchmarks
{
    private const int Columns = 8;
    private const int Forests = 10;
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
        _peer = AnomalyPeer.Start(train, test, Columns, labels, Path.Combine(Path.GetTempPath(), $"pdm-iforest-{Rows}"));
        double theirs = _peer.Run($"auc {Forests}");
        double ours = Enumerable.Range(0, Forests).Average(seed => RankingMetrics.RocAuc(labels, FitAndScore(seed)));
        Console.WriteLine($"// ROC-AUC on {Rows} test rows, mean of {Forests} seeds: PredictiveMaintenance {ours:F4}, scikit-learn {theirs:F4}, difference {Math.Abs(ours - theirs):F4}");
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
    public double[] PredictiveMaintenance() => FitAndScore(seed: 0);

    private double[] FitAndScore(int seed) =>
        new IsolationForestTrainer(new IsolationForestOptions { Seed = seed, MaxDegreeOfParallelism = 1 }).Fit(_train).Score(_test);

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
                    : r % 2 == 0 ? (random.NextDouble() * 8) - 4
                    : (c % 2 == 0 ? 1.5 : -1.5) + (0.3 * Gaussian(random));
            }
        }

        return (values, labels);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
