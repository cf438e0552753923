using BenchmarkDotNet.Attributes;
using DuckDB.NET.Data;
using PredictiveMaintenance.Features;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// Daily tumbling mean over 1,000 assets of 10,000 hourly rows, one thread: a naive loop (baseline), the tumbling
/// kernel per asset, the whole <see cref="FeatureComputer"/> (table to feature table), and DuckDB's
/// <c>GROUP BY asset, time_bucket</c>. The pandas peer (<c>groupby([asset, Grouper(freq="1D")]).mean()</c>) is
/// benchmarks/peers/features_pandas.py.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(FeaturesConfig))]
public class FeaturesTumblingBenchmarks
{
    private TelemetryTable? _table;
    private double[] _destination = [];
    private long[] _starts = [];
    private FeatureComputer? _computer;
    private DuckDBConnection? _duckDb;

    [Params(1_000)]
    [CheckSize(10)]
    public int Assets { get; set; }

    [Params(10_000)]
    [CheckSize(100)]
    public int RowsPerAsset { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table = FeaturesTableData.Hourly(Assets, RowsPerAsset);
        _destination = new double[_table.RowCount];
        _starts = new long[_table.RowCount];
        _computer = new FeatureComputer(FeatureSpec.Parse("tumbling(1d); x: mean"), new FeatureComputerOptions { MaxDegreeOfParallelism = 1 });
        _duckDb = FeaturesTableData.OpenDuckDb(_table);

        int buckets = Naive();
        double[] expected = _destination[..buckets];
        FeaturesBenchmarkSupport.AssertSame("kernel", expected, _destination.AsSpan(0, Kernel()));
        FeaturesBenchmarkSupport.AssertSame("FeatureComputer", expected, Computer().GetChannel(0));
        FeaturesBenchmarkSupport.AssertSame("DuckDB", expected, _destination.AsSpan(0, DuckDb()));
    }

    [GlobalCleanup]
    public void Cleanup() => _duckDb?.Dispose();

    [Benchmark(Baseline = true)]
    public int Naive()
    {
        ReadOnlySpan<long> times = _table!.Times;
        ReadOnlySpan<double> values = _table.GetChannel(0);
        ReadOnlySpan<int> offsets = _table.AssetOffsets;
        int written = 0;
        for (int a = 0; a < _table.AssetCount; a++)
        {
            long bucket = long.MinValue;
            double sum = 0;
            int count = 0;
            for (int r = offsets[a]; r < offsets[a + 1]; r++)
            {
                long day = times[r] / UnixTime.MicrosecondsPerDay;
                if (day != bucket && count > 0)
                {
                    _destination[written++] = sum / count;
                    sum = 0;
                    count = 0;
                }

                bucket = day;
                sum += values[r];
                count++;
            }

            _destination[written++] = sum / count;
        }

        return written;
    }

    [Benchmark]
    public int Kernel()
    {
        int written = 0;
        for (int a = 0; a < _table!.AssetCount; a++)
        {
            written += Tumbling.Compute(Aggregate.Mean, _table.GetTimes(a), _table.GetChannel(0, a), UnixTime.MicrosecondsPerDay, 0, 0, _starts.AsSpan(written), _destination.AsSpan(written));
        }

        return written;
    }

    [Benchmark]
    public TelemetryTable Computer() => _computer!.Compute(_table!);

    [Benchmark]
    public int DuckDb() => FeaturesBenchmarkSupport.Query(
        _duckDb!,
        "SELECT avg(x) FROM t GROUP BY asset, time_bucket(INTERVAL 1 DAY, time) ORDER BY asset, time_bucket(INTERVAL 1 DAY, time)",
        _destination);
}
