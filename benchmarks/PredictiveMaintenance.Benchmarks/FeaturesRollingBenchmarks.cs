using BenchmarkDotNet.Attributes;
using DuckDB.NET.Data;
using MathNet.Numerics.Statistics;
using PredictiveMaintenance.Features;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// Rolling sum, mean, standard deviation, min and max over one series of 10 million values, window 64, one thread:
/// the Features kernel against the naive O(n·w) loop (baseline), MathNet's <c>MovingStatistics</c> and DuckDB's
/// window functions. The pandas peer is benchmarks/peers/features_pandas.py.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(FeaturesConfig))]
public class FeaturesRollingBenchmarks
{
    private double[] _values = [];
    private double[] _destination = [];
    private DuckDBConnection? _duckDb;

    /// <summary>Values in the series; <c>--check</c> uses the 100,000 the setup compares the contenders on.</summary>
    [Params(10_000_000)]
    [CheckSize(100_000)]
    public int Length { get; set; }

    [Params(64)]
    public int Window { get; set; }

    [Params("sum", "mean", "std", "min", "max")]
    public string Statistic { get; set; } = "mean";

    [GlobalSetup]
    public void Setup()
    {
        _values = FeaturesBenchmarkSupport.Readings(Length, seed: 42);
        _destination = new double[Length];
        _duckDb = FeaturesBenchmarkSupport.OpenDuckDb([.. _values.Select((v, i) => (0, (long)i, (long)i, v))]);

        // Every contender must compute the same numbers; checked once on a prefix, not timed.
        int check = 100_000;
        double[] expected = new double[check];
        double[] actual = new double[check];
        FeaturesBenchmarkSupport.Naive(Statistic, _values.AsSpan(0, check), Window, expected);
        Rolling.Compute(FeaturesBenchmarkSupport.Parse(Statistic), _values.AsSpan(0, check), Window, Window, actual);
        FeaturesBenchmarkSupport.AssertSame("Features", expected, actual);
        MathNet();
        FeaturesBenchmarkSupport.AssertSame("MathNet", expected, _destination.AsSpan(0, check));
        DuckDb();
        FeaturesBenchmarkSupport.AssertSame("DuckDB", expected, _destination.AsSpan(0, check));
    }

    [GlobalCleanup]
    public void Cleanup() => _duckDb?.Dispose();

    [Benchmark(Baseline = true)]
    public void Naive() => FeaturesBenchmarkSupport.Naive(Statistic, _values, Window, _destination);

    [Benchmark]
    public int Features() => Rolling.Compute(FeaturesBenchmarkSupport.Parse(Statistic), _values, Window, Window, _destination);

    [Benchmark]
    public void MathNet()
    {
        var statistics = new MovingStatistics(Window);
        for (int i = 0; i < _values.Length; i++)
        {
            statistics.Push(_values[i]);
            _destination[i] = i < Window - 1 ? double.NaN : Statistic switch
            {
                "sum" => statistics.Mean * Window,
                "mean" => statistics.Mean,
                "std" => statistics.StandardDeviation,
                "min" => statistics.Minimum,
                _ => statistics.Maximum,
            };
        }
    }

    [Benchmark]
    public int DuckDb()
    {
        string function = Statistic switch
        {
            "mean" => "avg",
            "std" => "stddev_samp",
            _ => Statistic,
        };
        return FeaturesBenchmarkSupport.Query(
            _duckDb!,
            $"SELECT CASE WHEN i >= {Window - 1} THEN {function}(x) OVER (ORDER BY i ROWS BETWEEN {Window - 1} PRECEDING AND CURRENT ROW) END FROM t ORDER BY i",
            _destination);
    }
}
