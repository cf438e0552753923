using BenchmarkDotNet.Attributes;
using DuckDB.NET.Data;
using PredictiveMaintenance.Features;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// Rolling mean and standard deviation per asset over 1,000 assets of 10,000 hourly rows (10 million values), window
/// 64, one thread: the naive loop per asset (baseline), the grouped kernel over the table's offsets, the whole
/// <see cref="FeatureComputer"/> from table to feature table, and DuckDB's <c>PARTITION BY</c>. The pandas peer
/// (<c>groupby().rolling()</c>) is benchmarks/peers/features_pandas.py.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(FeaturesConfig))]
public class FeaturesGroupedBenchmarks
{
    private TelemetryTable? _table;
    private double[] _destination = [];
    private FeatureComputer? _computer;
    private DuckDBConnection? _duckDb;

    [Params(1_000)]
    [CheckSize(10)]
    public int Assets { get; set; }

    [Params(10_000)]
    [CheckSize(1_000)]
    public int RowsPerAsset { get; set; }

    [Params("mean", "std")]
    public string Statistic { get; set; } = "mean";

    [GlobalSetup]
    public void Setup()
    {
        _table = FeaturesTableData.Hourly(Assets, RowsPerAsset);
        _destination = new double[_table.RowCount];
        _computer = new FeatureComputer(FeatureSpec.Parse($"x: {Statistic}(64)"), new FeatureComputerOptions { MaxDegreeOfParallelism = 1 });
        _duckDb = FeaturesTableData.OpenDuckDb(_table);

        Naive();
        double[] expected = [.. _destination];
        Grouped();
        FeaturesBenchmarkSupport.AssertSame("grouped kernel", expected, _destination);
        FeaturesBenchmarkSupport.AssertSame("FeatureComputer", expected, Computer().GetChannel(0));
        DuckDb();
        FeaturesBenchmarkSupport.AssertSame("DuckDB", expected, _destination);
    }

    [GlobalCleanup]
    public void Cleanup() => _duckDb?.Dispose();

    [Benchmark(Baseline = true)]
    public void Naive()
    {
        ReadOnlySpan<int> offsets = _table!.AssetOffsets;
        for (int a = 0; a < _table.AssetCount; a++)
        {
            Range rows = offsets[a]..offsets[a + 1];
            FeaturesBenchmarkSupport.Naive(Statistic, _table.GetChannel(0)[rows], 64, _destination.AsSpan(rows));
        }
    }

    [Benchmark]
    public int Grouped() => Rolling.Compute(FeaturesBenchmarkSupport.Parse(Statistic), _table!.GetChannel(0), _table.AssetOffsets, 64, 64, _destination);

    [Benchmark]
    public TelemetryTable Computer() => _computer!.Compute(_table!);

    [Benchmark]
    public int DuckDb() => FeaturesBenchmarkSupport.Query(
        _duckDb!,
        $"SELECT CASE WHEN row_number() OVER w >= 64 THEN {(Statistic == "mean" ? "avg" : "stddev_samp")}(x) OVER (w ROWS BETWEEN 63 PRECEDING AND CURRENT ROW) END " +
        "FROM t WINDOW w AS (PARTITION BY asset ORDER BY time) ORDER BY asset, time",
        _destination);
}

/// <summary>The telemetry table of the grouped and tumbling benchmarks.</summary>
internal static class FeaturesTableData
{
    /// <summary>Assets "0".."n-1" of hourly readings from 2015-01-01, each with its own seeded series.</summary>
    public static TelemetryTable Hourly(int assets, int rowsPerAsset)
    {
        var builder = new TelemetryTableBuilder(new TelemetrySchema("asset", "time", "x"), assets * rowsPerAsset);
        long start = UnixTime.ToMicroseconds(new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        double[] row = new double[1];
        for (int a = 0; a < assets; a++)
        {
            int code = builder.GetOrAddAsset(a.ToString(System.Globalization.CultureInfo.InvariantCulture));
            double[] values = FeaturesBenchmarkSupport.Readings(rowsPerAsset, seed: a);
            for (int i = 0; i < rowsPerAsset; i++)
            {
                row[0] = values[i];
                builder.Add(code, start + (i * UnixTime.MicrosecondsPerHour), row);
            }
        }

        return builder.Build();
    }

    /// <summary>The table in DuckDB, asset ids as integers (the table orders them naturally, as DuckDB orders integers).</summary>
    public static DuckDBConnection OpenDuckDb(TelemetryTable table)
    {
        var rows = new List<(int, long, long, double)>(table.RowCount);
        for (int a = 0; a < table.AssetCount; a++)
        {
            int asset = int.Parse(table.AssetIds[a], System.Globalization.CultureInfo.InvariantCulture);
            Range range = table.GetAssetRows(a);
            for (int r = range.Start.Value; r < range.End.Value; r++)
            {
                rows.Add((asset, r, table.Times[r], table.GetChannel(0)[r]));
            }
        }

        return FeaturesBenchmarkSupport.OpenDuckDb(rows);
    }
}
