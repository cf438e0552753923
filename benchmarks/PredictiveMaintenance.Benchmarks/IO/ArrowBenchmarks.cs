using Apache.Arrow;
using Apache.Arrow.Types;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// Converting a telemetry table to an Arrow record batch and back: this package's column copies and columnar decoders
/// against the row-at-a-time code written with Apache.Arrow's builders and accessors.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ArrowBenchmarks
{
    private TelemetryTable _table = null!;
    private RecordBatch _batch = null!;

    [Params(100_000, 1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table = BenchmarkTables.Create(Rows);
        _batch = _table.ToRecordBatch();
        BenchmarkTables.CheckEqual(_table, FromRecordBatch(), nameof(FromRecordBatch));
        BenchmarkTables.CheckEqual(_table, FromRecordBatchRowByRow(), nameof(FromRecordBatchRowByRow));
        using RecordBatch naive = ToRecordBatchRowByRow();
        BenchmarkTables.CheckEqual(_table, naive.ToTelemetryBatch(new TelemetryColumnMapping { AssetColumn = "machineID", TimeColumn = "datetime" }, new DataQualityOptions { FutureTolerance = null, NonFiniteValues = NonFiniteValuePolicy.Keep }).Table, nameof(ToRecordBatchRowByRow));
    }

    [GlobalCleanup]
    public void Cleanup() => _batch.Dispose();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("ToRecordBatch")]
    public RecordBatch ToRecordBatchRowByRow()
    {
        var machines = new StringArray.Builder();
        var times = new TimestampArray.Builder(new TimestampType(TimeUnit.Microsecond, "UTC"));
        DoubleArray.Builder[] channels = [.. _table.Schema.Channels.Select(_ => new DoubleArray.Builder())];
        for (int row = 0; row < _table.RowCount; row++)
        {
            machines.Append(_table.AssetIds[_table.GetAssetCodeOfRow(row)]);
            times.Append(DateTimeOffset.UnixEpoch.AddTicks(_table.Times[row] * 10));
            for (int c = 0; c < channels.Length; c++)
            {
                channels[c].Append(_table.GetChannel(c)[row]);
            }
        }

        var batch = new RecordBatch.Builder().Append("machineID", false, machines).Append("datetime", false, times);
        for (int c = 0; c < channels.Length; c++)
        {
            batch.Append(_table.Schema.Channels[c].Name, false, channels[c]);
        }

        return batch.Build();
    }

    [Benchmark]
    [BenchmarkCategory("ToRecordBatch")]
    public RecordBatch ToRecordBatch() => _table.ToRecordBatch();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("FromRecordBatch")]
    public TelemetryTable FromRecordBatchRowByRow()
    {
        var assets = (DictionaryArray)_batch.Column(0);
        var ids = (StringArray)assets.Dictionary;
        var codes = (Int32Array)assets.Indices;
        var times = (TimestampArray)_batch.Column(1);
        DoubleArray[] channels = [.. Enumerable.Range(2, _batch.ColumnCount - 2).Select(i => (DoubleArray)_batch.Column(i))];
        var builder = new TelemetryTableBuilder(_table.Schema, _batch.Length);
        double[] values = new double[channels.Length];
        for (int row = 0; row < _batch.Length; row++)
        {
            for (int c = 0; c < channels.Length; c++)
            {
                values[c] = channels[c].GetValue(row) ?? double.NaN;
            }

            builder.Add(ids.GetString(codes.GetValue(row)!.Value), times.GetValue(row)!.Value, values);
        }

        return builder.Build();
    }

    [Benchmark]
    [BenchmarkCategory("FromRecordBatch")]
    public TelemetryTable FromRecordBatch() => _batch.ToTelemetryBatch().Table;
}
