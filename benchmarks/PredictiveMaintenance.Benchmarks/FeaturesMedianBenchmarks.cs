using BenchmarkDotNet.Attributes;
using DuckDB.NET.Data;
using PredictiveMaintenance.Features;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// Rolling median (and the 0.9 quantile) over 10 million values, window 64, one thread, against DuckDB's windowed
/// <c>median</c> (baseline; MathNet has no moving median, and the naive sort-every-window loop is checked, not timed).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(FeaturesConfig))]
public class FeaturesMedianBenchmarks
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

    [GlobalSetup]
    public void Setup()
    {
        _values = FeaturesBenchmarkSupport.Readings(Length, seed: 42);
        _destination = new double[Length];
        _duckDb = FeaturesBenchmarkSupport.OpenDuckDb([.. _values.Select((v, i) => (0, (long)i, (long)i, v))]);
        int check = 100_000;
        double[] expected = new double[check];
        double[] actual = new double[check];
        FeaturesBenchmarkSupport.Naive("median", _values.AsSpan(0, check), Window, expected);
        Rolling.Median(_values.AsSpan(0, check), Window, Window, actual);
        FeaturesBenchmarkSupport.AssertSame("Features", expected, actual);
        DuckDb();
        FeaturesBenchmarkSupport.AssertSame("DuckDB", expected, _destination.AsSpan(0, check));
    }

    [GlobalCleanup]
    public void Cleanup() => _duckDb?.Dispose();

    [Benchmark(Baseline = true)]
    public int DuckDb() => FeaturesBenchmarkSupport.Query(
        _duckDb!,
        $"SELECT CASE WHEN i >= {Window - 1} THEN median(x) OVER (ORDER BY i ROWS BETWEEN {Window - 1} PRECEDING AND CURRENT ROW) END FROM t ORDER BY i",
        _destination);

    [Benchmark]
    public int Median() => Rolling.Median(_values, Window, Window, _destination);

    [Benchmark]
    public int Quantile90() => Rolling.Quantile(_values, Window, 0.9, Window, _destination);
}
