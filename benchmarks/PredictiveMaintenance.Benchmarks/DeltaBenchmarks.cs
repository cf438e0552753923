using Apache.Arrow;
using Apache.Arrow.Types;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Parquet;
using Parquet.Schema;
using PredictiveMaintenance.DeltaLake;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>
/// Delta Lake tables on the Azure-schema telemetry (876,100 rows: 100 machines hourly through 2015, 4 channels): one append
/// as one commit, a full snapshot read, and log replay of a 1,000-commit table. Baselines are the same data written and
/// read with Parquet.Net alone (the floor for the Delta layer) and log replay without checkpoints.
/// </summary>
/// <remarks>
/// Runs in process on one core (affinity mask 1), as the speed targets are stated for one core; in process also
/// because BenchmarkDotNet's generated out-of-process project inherits the repository's warnings-as-errors build.
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(DeltaBenchmarkConfig))]
public class DeltaBenchmarks
{
    private const int Machines = 100;
    private const int HoursIn2015 = 8761;

    private string _root = null!;
    private RecordBatch _telemetry = null!;
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
        _telemetry = DeltaTelemetryGenerator.Generate(Machines, HoursIn2015, seed: 42);
    }

    [GlobalSetup(Targets = [nameof(ReadParquetNet), nameof(ReadSnapshot)])]
    public async Task SetupReadAsync()
    {
        SetupWrite();
        _readTable = Path.Combine(_root, "read");
        DeltaTable read = await DeltaTable.CreateAsync(_readTable, DeltaTelemetryGenerator.Schema);
        await read.AppendAsync(_telemetry);
        _parquetFile = Path.Combine(_root, "raw.parquet");
        await WriteRawParquetAsync(_parquetFile);
        long rows = await ReadSnapshotAsync();
        if (rows != (long)Machines * HoursIn2015 || await ReadRawParquetAsync() != rows)
        {
            throw new InvalidOperationException($"The benchmark tables hold {rows} rows, not {(long)Machines * HoursIn2015}.");
        }
    }

    [GlobalSetup(Targets = [nameof(ReplayWithoutCheckpoints), nameof(ReplayWithCheckpoints)])]
    public async Task SetupReplayAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), "pdm-delta-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_root);
        _replayWithCheckpoints = await CreateLongLogAsync("replay-10", checkpointInterval: 10);
        _replayWithoutCheckpoints = await CreateLongLogAsync("replay-none", checkpointInterval: int.MaxValue);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Baseline = true, Description = "Parquet.Net write, 876,100 rows")]
    [BenchmarkCategory("Write")]
    public Task WriteParquetNet() => WriteRawParquetAsync(Path.Combine(_root, $"raw-{_iteration++}.parquet"));

    [Benchmark(Description = "Delta append, 876,100 rows, one commit")]
    [BenchmarkCategory("Write")]
    public async Task<long?> AppendOneCommit()
    {
        DeltaTable table = await DeltaTable.CreateAsync(Path.Combine(_root, $"append-{_iteration++}"), DeltaTelemetryGenerator.Schema);
        DeltaCommitResult result = await table.AppendAsync(_telemetry);
        return result.Version;
    }

    [Benchmark(Baseline = true, Description = "Parquet.Net read, 876,100 rows")]
    [BenchmarkCategory("Read")]
    public Task<long> ReadParquetNet() => ReadRawParquetAsync();

    [Benchmark(Description = "Delta snapshot read, 876,100 rows")]
    [BenchmarkCategory("Read")]
    public Task<long> ReadSnapshot() => ReadSnapshotAsync();

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

    private async Task<long> ReadSnapshotAsync()
    {
        DeltaSnapshot snapshot = await DeltaTable.Open(_readTable).GetSnapshotAsync();
        long rows = 0;
        await foreach (RecordBatch batch in snapshot.ReadBatchesAsync())
        {
            rows += batch.Length;
        }

        return rows;
    }

    /// <summary>The same columns as the Delta data file, written through Parquet.Net's column API.</summary>
    private async Task WriteRawParquetAsync(string path)
    {
        var machine = new DataField<string>("machineID", false);
        var time = new DateTimeDataField("datetime", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false);
        DataField<double>[] channels = [.. DeltaTelemetryGenerator.Channels.Select(c => new DataField<double>(c, true))];
        var schema = new ParquetSchema([machine, time, .. channels]);
        var ids = (StringArray)_telemetry.Column(0);
        var times = (TimestampArray)_telemetry.Column(1);
        var idValues = new ReadOnlyMemory<char>[ids.Length];
        var timeValues = new DateTime[ids.Length];
        for (int i = 0; i < ids.Length; i++)
        {
            idValues[i] = ids.GetString(i).AsMemory();
            timeValues[i] = new DateTime(DateTime.UnixEpoch.Ticks + (times.Values[i] * 10), DateTimeKind.Utc);
        }

        await using FileStream stream = File.Create(path);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy });
        using ParquetRowGroupWriter rowGroup = writer.CreateRowGroup();
        await rowGroup.WriteAsync<ReadOnlyMemory<char>>(machine, idValues, null, null);
        await rowGroup.WriteAsync<DateTime>(time, timeValues, null, null);
        for (int c = 0; c < channels.Length; c++)
        {
            await rowGroup.WriteAllPartsAsync<double>(channels[c], ((DoubleArray)_telemetry.Column(2 + c)).Values.ToArray(), Enumerable.Repeat(1, ids.Length).ToArray(), null, default);
        }
    }

    private async Task<long> ReadRawParquetAsync()
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

    private async Task<string> CreateLongLogAsync(string name, int checkpointInterval)
    {
        string path = Path.Combine(_root, name);
        DeltaTable table = await DeltaTable.CreateAsync(path, DeltaTelemetryGenerator.Schema, options: new DeltaTableOptions { CheckpointInterval = checkpointInterval });
        RecordBatch small = DeltaTelemetryGenerator.Generate(2, 5, seed: 7);
        for (int i = 0; i < 1000; i++)
        {
            await table.AppendAsync(small);
        }

        return path;
    }
}

/// <summary>In-process jobs pinned to one core, grouped by category so that each baseline is compared with its own operation.</summary>
internal sealed class DeltaBenchmarkConfig : ManualConfig
{
    public DeltaBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithAffinity(1)
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(9));
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        AddColumn(StatisticColumn.Median);
    }
}

/// <summary>
/// Azure-schema telemetry generated deterministically: machines <c>1..n</c>, hourly from 2015-01-01, and volt, rotate,
/// pressure and vibration drawn around the means and spreads of the Azure predictive-maintenance data set.
/// </summary>
internal static class DeltaTelemetryGenerator
{
    public static readonly string[] Channels = ["volt", "rotate", "pressure", "vibration"];

    private static readonly (double Mean, double Spread)[] Distributions = [(170.8, 15.5), (446.6, 52.7), (100.9, 11.0), (40.4, 5.4)];

    public static DeltaStructType Schema { get; } = new(
        [
            new DeltaStructField("machineID", DeltaPrimitiveType.String, nullable: false),
            new DeltaStructField("datetime", DeltaPrimitiveType.Timestamp, nullable: false),
            .. Channels.Select(c => new DeltaStructField(c, DeltaPrimitiveType.Double)),
        ]);

    public static RecordBatch Generate(int machines, int hours, int seed)
    {
        var random = new Random(seed);
        int rows = machines * hours;
        var ids = new StringArray.Builder();
        var times = new long[rows];
        double[][] channels = [.. Channels.Select(_ => new double[rows])];
        long start = new DateTimeOffset(2015, 1, 1, 6, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1000;
        int row = 0;
        for (int m = 1; m <= machines; m++)
        {
            string id = m.ToString(System.Globalization.CultureInfo.InvariantCulture);
            for (int h = 0; h < hours; h++, row++)
            {
                ids.Append(id);
                times[row] = start + (h * UnixTime.MicrosecondsPerHour);
                for (int c = 0; c < Channels.Length; c++)
                {
                    // Box-Muller: normal readings around the data set's channel mean.
                    double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                    channels[c][row] = Distributions[c].Mean + (Distributions[c].Spread * normal);
                }
            }
        }

        var timeArray = new TimestampArray(new TimestampType(TimeUnit.Microsecond, "UTC"), new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(times.AsSpan()).ToArray()), ArrowBuffer.Empty, rows, 0, 0);
        IArrowArray[] columns = [ids.Build(), timeArray, .. channels.Select(c => (IArrowArray)new DoubleArray(new ArrowBuffer(System.Runtime.InteropServices.MemoryMarshal.AsBytes(c.AsSpan()).ToArray()), ArrowBuffer.Empty, rows, 0, 0))];
        Apache.Arrow.Schema schema = new([
            new Apache.Arrow.Field("machineID", StringType.Default, false),
            new Apache.Arrow.Field("datetime", new TimestampType(TimeUnit.Microsecond, "UTC"), false),
            .. Channels.Select(c => new Apache.Arrow.Field(c, DoubleType.Default, true)),
        ], null);
        return new RecordBatch(schema, columns, rows);
    }
}
