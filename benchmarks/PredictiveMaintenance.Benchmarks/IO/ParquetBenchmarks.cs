using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Parquet.Serialization;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// Writing and reading a telemetry table as Parquet: this package's columnar writer and reader against Parquet.Net's
/// own object serializer, the usual way .NET code writes Parquet (one object per row, same columns and types).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ParquetBenchmarks
{
    private TelemetryTable _table = null!;
    private List<TelemetryRow> _rows = null!;
    private byte[] _ours = null!;
    private byte[] _serialized = null!;

    [Params(100_000, 1_000_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table = BenchmarkTables.Create(Rows);
        _rows = TelemetryRow.FromTable(_table);
        _ours = WriteTelemetryWriter().GetAwaiter().GetResult().ToArray();
        _serialized = WriteParquetNetSerializer().GetAwaiter().GetResult().ToArray();
        BenchmarkTables.CheckEqual(_table, ReadTelemetryReader().GetAwaiter().GetResult(), nameof(ReadTelemetryReader));
        if (ReadParquetNetSerializer().GetAwaiter().GetResult() != _table.RowCount)
        {
            throw new InvalidOperationException("The serializer did not read every row.");
        }
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Write")]
    public async Task<MemoryStream> WriteParquetNetSerializer()
    {
        var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(_rows, stream).ConfigureAwait(false);
        return stream;
    }

    [Benchmark]
    [BenchmarkCategory("Write")]
    public async Task<MemoryStream> WriteTelemetryWriter()
    {
        var stream = new MemoryStream();
        ParquetTelemetryWriter writer = await ParquetTelemetryWriter.CreateAsync(stream, _table.Schema, leaveOpen: true).ConfigureAwait(false);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteAsync(_table).ConfigureAwait(false);
        }

        return stream;
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Read")]
    public async Task<int> ReadParquetNetSerializer()
    {
        var result = await ParquetSerializer.DeserializeAsync<TelemetryRow>(new MemoryStream(_serialized)).ConfigureAwait(false);
        return result.Data.Count;
    }

    [Benchmark]
    [BenchmarkCategory("Read")]
    public async Task<TelemetryTable> ReadTelemetryReader()
    {
        var reader = new ParquetTelemetryReader(new MemoryStream(_ours), null, "benchmark.parquet");
        await using (reader.ConfigureAwait(false))
        {
            return (await reader.ReadAllAsync().ConfigureAwait(false)).Table;
        }
    }

    /// <summary>A row as a Parquet.Net serializer user would declare it.</summary>
    public sealed class TelemetryRow
    {
        public string MachineID { get; set; } = string.Empty;

        public long Datetime { get; set; }

        public double? Volt { get; set; }

        public double? Rotate { get; set; }

        public double? Pressure { get; set; }

        public double? Vibration { get; set; }

        public static List<TelemetryRow> FromTable(TelemetryTable table)
        {
            var rows = new List<TelemetryRow>(table.RowCount);
            for (int row = 0; row < table.RowCount; row++)
            {
                rows.Add(new TelemetryRow
                {
                    MachineID = table.AssetIds[table.GetAssetCodeOfRow(row)],
                    Datetime = table.Times[row],
                    Volt = Nullable(table.GetChannel(0)[row]),
                    Rotate = Nullable(table.GetChannel(1)[row]),
                    Pressure = Nullable(table.GetChannel(2)[row]),
                    Vibration = Nullable(table.GetChannel(3)[row]),
                });
            }

            return rows;
        }

        private static double? Nullable(double value) => double.IsNaN(value) ? null : value;
    }
}
