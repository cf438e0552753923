using Apache.Arrow;
using BenchmarkDotNet.Attributes;
using Parquet;
using Parquet.Schema;
using PredictiveMaintenance.DeltaLake;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// Delta Lake tables holding the full-size Azure-schema telemetry of <see cref="AzureTelemetryGenerator.Table"/> (876,100
/// rows: 100 machines hourly through 2015, 4 channels): one append as one commit, a full snapshot read (into Arrow
/// batches and into a <see cref="TelemetryTable"/>), and log replay of a 1,000-commit table. Baselines: the same columns
/// written and read with Parquet.Net alone (the floor under the Delta layer), and log replay without checkpoints.
/// </summary>
/// <remarks>One core (<see cref="SingleCoreConfig"/>), as the targets are stated per core; each category compares with its own baseline.</remarks>
public class DeltaBenchmarks : DeltaBenchmarkBase
{
    private string _root = null!;
    private TelemetryTable _telemetry = null!;
    private ReadOnlyMemory<char>[] _machineIds = null!;
    private DateTime[] _times = null!;
    private double[][] _channels = null!;
    private int[] _present = null!;
    private string _readTable = null!;
    private string _parquetFile = null!;
    private string _replayWithCheckpoints = null!;
    private string _replayWithoutCheckpoints = null!;
    private int _iteration;

    [GlobalSetup(Targets = [nameof(WriteParquetNet), nameof(AppendOneCommit)])]
    public void SetupWrite()
    {
        _root = Path.Combine(Path.GetTempPath(), "pdm-delta-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        _telemetry = AzureTelemetryGenerator.Table(Machines);

        // The baseline gets its row values ready-made, so that it times Parquet.Net alone.
        _machineIds = new ReadOnlyMemory<char>[_telemetry.RowCount];
        for (int asset = 0; asset < _telemetry.AssetCount; asset++)
        {
            _machineIds.AsSpan(_telemetry.GetAssetRows(asset)).Fill(_telemetry.AssetIds[asset].AsMemory());
        }

        _times = [.. _telemetry.Times.ToArray().Select(UnixTime.ToDateTime)];
        _channels = [.. Enumerable.Range(0, _telemetry.Schema.Channels.Count).Select(c => _telemetry.GetChannel(c).ToArray())];

        // Channels are nullable in the Delta file (a missing reading is null), so the baseline writes definition levels too.
        _present = [.. Enumerable.Repeat(1, _telemetry.RowCount)];
    }

    [GlobalSetup(Targets = [nameof(ReadParquetNet), nameof(ReadSnapshotArrow), nameof(ReadSnapshotTelemetry)])]
    public async Task SetupReadAsync()
    {
        SetupWrite();
        _readTable = Path.Combine(_root, "read");
        DeltaTable table = await DeltaTable.CreateAsync(_readTable, _telemetry.Schema);
        await table.AppendAsync(_telemetry);
        _parquetFile = Path.Combine(_root, "raw.parquet");
        await WriteRawParquetAsync(_parquetFile);

        // What is timed must give the generated table back, or the figures would be of a broken read.
        BenchmarkTables.CheckEqual(_telemetry, (await (await DeltaTable.Open(_readTable).GetSnapshotAsync()).ReadTelemetryAsync()).Table, "ReadTelemetryAsync");
        if (await ReadSnapshotArrow() != _telemetry.RowCount || await ReadParquetNet() != _telemetry.RowCount)
        {
            throw new InvalidOperationException($"The benchmark files do not hold {_telemetry.RowCount} rows.");
        }
    }

    [GlobalSetup(Targets = [nameof(ReplayWithoutCheckpoints), nameof(ReplayWithCheckpoints)])]
    public async Task SetupReplayAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), "pdm-delta-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        _replayWithCheckpoints = await CreateLongLogAsync(Path.Combine(_root, "replay-10"), ReplayCommits, new DeltaTableOptions { CheckpointInterval = 10 });
        _replayWithoutCheckpoints = await CreateLongLogAsync(Path.Combine(_root, "replay-none"), ReplayCommits, new DeltaTableOptions { CheckpointInterval = int.MaxValue });
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Baseline = true, Description = "Parquet.Net write, 876,100 rows")]
    [BenchmarkCategory("Write")]
    public Task WriteParquetNet() => WriteRawParquetAsync(Path.Combine(_root, $"raw-{_iteration++}.parquet"));

    [Benchmark(Description = "Delta create + append TelemetryTable, one commit")]
    [BenchmarkCategory("Write")]
    public async Task<long?> AppendOneCommit()
    {
        DeltaTable table = await DeltaTable.CreateAsync(Path.Combine(_root, $"append-{_iteration++}"), _telemetry.Schema);
        DeltaCommitResult result = await table.AppendAsync(_telemetry);
        return result.Version;
    }

    [Benchmark(Baseline = true, Description = "Parquet.Net read, 876,100 rows")]
    [BenchmarkCategory("Read")]
    public async Task<long> ReadParquetNet()
    {
        await using ParquetReader reader = await ParquetReader.CreateAsync(_parquetFile);
        long rows = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            ParquetRowGroupReader rowGroup = reader.OpenRowGroupReader(g);
            foreach (DataField field in reader.Schema.GetDataFields())
            {
                using Parquet.Data.RawColumnData data = await rowGroup.ReadRawColumnDataBaseAsync(field);
            }

            rows += rowGroup.RowCount;
        }

        return rows;
    }

    [Benchmark(Description = "Delta snapshot read, Arrow batches")]
    [BenchmarkCategory("Read")]
    public async Task<long> ReadSnapshotArrow()
    {
        DeltaSnapshot snapshot = await DeltaTable.Open(_readTable).GetSnapshotAsync();
        long rows = 0;
        await foreach (RecordBatch batch in snapshot.ReadBatchesAsync())
        {
            rows += batch.Length;
        }

        return rows;
    }

    [Benchmark(Description = "Delta snapshot read, TelemetryTable")]
    [BenchmarkCategory("Read")]
    public async Task<int> ReadSnapshotTelemetry()
    {
        DeltaSnapshot snapshot = await DeltaTable.Open(_readTable).GetSnapshotAsync();
        return (await snapshot.ReadTelemetryAsync()).Table.RowCount;
    }

    [Benchmark(Baseline = true, Description = "Log replay, 1,000 commits, no checkpoints")]
    [BenchmarkCategory("Replay")]
    public async Task<int> ReplayWithoutCheckpoints() => (await DeltaTable.Open(_replayWithoutCheckpoints).GetSnapshotAsync()).Files.Count;

    [Benchmark(Description = "Log replay, 1,000 commits, checkpoint every 10")]
    [BenchmarkCategory("Replay")]
    public async Task<int> ReplayWithCheckpoints() => (await DeltaTable.Open(_replayWithCheckpoints).GetSnapshotAsync()).Files.Count;

    [IterationCleanup(Targets = [nameof(WriteParquetNet), nameof(AppendOneCommit)])]
    public void RemoveWrittenData()
    {
        foreach (string path in Directory.EnumerateFileSystemEntries(_root).Where(p => Path.GetFileName(p).StartsWith("append-", StringComparison.Ordinal) || Path.GetFileName(p).StartsWith("raw-", StringComparison.Ordinal)))
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>The columns of the Delta data file (string machine, UTC timestamp, four nullable doubles), written through Parquet.Net's column API.</summary>
    private async Task WriteRawParquetAsync(string path)
    {
        var machine = new DataField<string>("machineID", false);
        var time = new DateTimeDataField("datetime", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);
        DataField<double>[] channels = [.. _telemetry.Schema.Channels.Select(c => new DataField<double>(c.Name, true))];
        await using FileStream stream = File.Create(path);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema([machine, time, .. channels]), stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy });
        using ParquetRowGroupWriter rowGroup = writer.CreateRowGroup();
        await rowGroup.WriteAsync<ReadOnlyMemory<char>>(machine, _machineIds, null, null);
        await rowGroup.WriteAsync<DateTime>(time, _times, null, null);
        for (int c = 0; c < channels.Length; c++)
        {
            await rowGroup.WriteAllPartsAsync<double>(channels[c], _channels[c], _present, null, default);
        }
    }

    /// <summary>Creates the log-replay table at <paramref name="location"/>: <paramref name="commits"/> appends of 10 rows (2 machines, 5 hours) each.</summary>
    internal static async Task<string> CreateLongLogAsync(string location, int commits, DeltaTableOptions options)
    {
        TelemetryTable small = AzureTelemetryGenerator.Table(machines: 2, hours: 5);
        DeltaTable table = await DeltaTable.CreateAsync(location, small.Schema, options: options);
        for (int i = 0; i < commits; i++)
        {
            await table.AppendAsync(small);
        }

        return location;
    }
}
