using Parquet;
using Parquet.Schema;

namespace PredictiveMaintenance.IO.Tests;

public sealed class ParquetTelemetryReaderTests : IDisposable
{
    private static readonly DateTime Jan1 = new(2020, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ReadAllAsync_ForeignFileWithIntIdsNullsDuplicatesAndDisorder_AcceptsOrQuarantinesEveryRow()
    {
        string path = await WriteMachinesFileAsync();
        var options = new ColumnarReadOptions
        {
            Columns = new TelemetryColumnMapping { AssetColumn = "machineID", TimeColumn = "datetime", IgnoredColumns = ["model"] },
            DataQuality = new DataQualityOptions { TimeProvider = new FixedClock(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero)) },
        };

        await using ParquetTelemetryReader reader = ParquetTelemetryReader.Open(path, options);
        TelemetryBatch batch = await reader.ReadAllAsync();

        TelemetryTable table = batch.Table;
        Assert.Equal(new TelemetrySchema("machineID", "datetime", "volt", "rotate"), table.Schema);
        Assert.Equal(["1", "2"], table.AssetIds);
        Assert.Equal([At(1), At(2), At(1)], table.Times.ToArray());
        Assert.Equal([160.0, double.NaN, 170.5], table.GetChannel("volt").ToArray());
        Assert.Equal([420.0, 410, 400], table.GetChannel("rotate").ToArray());
        Assert.Equal(
            [
                new QuarantinedRow(new SourcePosition(path, 4, 2, "datetime"), QuarantineReason.Duplicate, "asset '2' at 2020-01-01T01:00:00Z was already read at line 1"),
                new QuarantinedRow(new SourcePosition(path, 5, 2, "datetime"), QuarantineReason.UnparsableTime, "the time is null"),
                new QuarantinedRow(new SourcePosition(path, 6, 1, "machineID"), QuarantineReason.InvalidAssetId, "the asset id is null"),
                new QuarantinedRow(new SourcePosition(path, 7, 3, "volt"), QuarantineReason.NonFiniteValue, "NaN is not a finite number"),
                new QuarantinedRow(new SourcePosition(path, 8, 2, "datetime"), QuarantineReason.FutureTime, "2999-01-01T00:00:00Z is later than the clock allows (2021-01-01T00:05:00Z, tolerance 00:05:00)"),
            ],
            batch.Quarantine);
        Assert.Equal(8, batch.Report.InputRows);
        Assert.Equal(3, batch.Report.AcceptedRows);
        Assert.Equal(5, batch.Report.QuarantinedRows);
        Assert.Equal(batch.Report.InputRows, batch.Report.AcceptedRows + batch.Report.QuarantinedRows);
        Assert.Equal(1, batch.Report.ReorderedRows);
        Assert.Equal(1, batch.Report.MissingValues);
    }

    [Fact]
    public async Task ReadAllAsync_ChannelOfStringType_ThrowsNamingFileColumnAndTypes()
    {
        string path = await WriteMachinesFileAsync();
        var options = new ColumnarReadOptions { Columns = new TelemetryColumnMapping { AssetColumn = "machineID", TimeColumn = "datetime" } };

        await using ParquetTelemetryReader reader = ParquetTelemetryReader.Open(path, options);
        var error = await Assert.ThrowsAsync<SchemaException>(() => reader.ReadAllAsync());

        Assert.Equal(
            $"{path}: the channel column 'model' is of type string; expected a number (float, double, decimal or an integer type). " +
            "Leave the column out with TelemetryColumnMapping.IgnoredColumns, or list the channels.",
            error.Message);
    }

    [Fact]
    public async Task ReadAllAsync_MappingToMissingColumn_ThrowsNamingFileAndItsColumns()
    {
        string path = await WriteMachinesFileAsync();
        var options = new ColumnarReadOptions { Columns = new TelemetryColumnMapping { AssetColumn = "machineID", TimeColumn = "timestamp" } };

        await using ParquetTelemetryReader reader = ParquetTelemetryReader.Open(path, options);
        var error = await Assert.ThrowsAsync<SchemaException>(() => reader.ReadAllAsync());

        Assert.Equal($"{path}: the time column 'timestamp' is not in the source; it has columns 'machineID', 'datetime', 'volt', 'rotate', 'model'.", error.Message);
    }

    [Fact]
    public async Task ReadAllAsync_ForeignFileWithoutMapping_ThrowsAskingForOne()
    {
        string path = await WriteMachinesFileAsync();

        await using ParquetTelemetryReader reader = ParquetTelemetryReader.Open(path);
        var error = await Assert.ThrowsAsync<SchemaException>(() => reader.ReadAllAsync());

        Assert.Equal(
            $"{path}: there is no 'predictive-maintenance.telemetry-schema' metadata, so it was not written by ParquetTelemetryWriter; " +
            "give a TelemetryColumnMapping to say which columns are the asset, the time and the channels.",
            error.Message);
    }

    [Fact]
    public async Task ReadAllAsync_TimestampColumnForCycles_ThrowsNamingTypes()
    {
        string path = await WriteMachinesFileAsync();
        var options = new ColumnarReadOptions
        {
            Columns = new TelemetryColumnMapping { AssetColumn = "machineID", TimeColumn = "datetime", TimeKind = TimeKind.Cycle, Channels = [new ChannelMapping("volt")] },
        };

        await using ParquetTelemetryReader reader = ParquetTelemetryReader.Open(path, options);
        var error = await Assert.ThrowsAsync<SchemaException>(() => reader.ReadAllAsync());

        Assert.Equal($"{path}: the time column 'datetime' is of type timestamp; expected an integer column of cycles (TimeKind.Cycle).", error.Message);
    }

    [Fact]
    public async Task ReadAllAsync_NotParquet_ThrowsNamingFile()
    {
        string path = _directory.File("notes.parquet");
        await File.WriteAllTextAsync(path, "machineID,datetime,volt\n1,2020-01-01T00:00:00Z,170.5\n");

        await using ParquetTelemetryReader reader = ParquetTelemetryReader.Open(path);
        var error = await Assert.ThrowsAsync<DataQualityException>(() => reader.ReadAllAsync());

        Assert.StartsWith($"{path}: the input is not a readable Parquet file: ", error.Message);
        Assert.Equal(new SourcePosition(path, 0), error.Position);
    }

    [Theory]
    [InlineData(DateTimeTimeUnit.Millis, true)]
    [InlineData(DateTimeTimeUnit.Micros, false)]
    [InlineData(DateTimeTimeUnit.Nanos, true)]
    public async Task ReadAllAsync_TimestampOfAnyUnit_ReadsMicroseconds(DateTimeTimeUnit unit, bool adjustedToUtc)
    {
        string path = _directory.File("units.parquet");
        DataField[] fields = [new DataField<string>("asset"), new DateTimeDataField("at", DateTimeFormat.Timestamp, adjustedToUtc, unit), new DataField<double>("v")];
        await WriteAsync(path, fields, async group =>
        {
            await group.WriteAsync(fields[0], ["a", "a"]);
            await group.WriteAsync<DateTime>(fields[1], new[] { new DateTime(1969, 12, 31, 23, 59, 59, 123, DateTimeKind.Utc), Jan1.AddMilliseconds(1) });
            await group.WriteAsync<double>(fields[2], new[] { 1.0, 2.0 });
        });
        var options = new ColumnarReadOptions { Columns = new TelemetryColumnMapping { AssetColumn = "asset", TimeColumn = "at" } };

        await using ParquetTelemetryReader reader = ParquetTelemetryReader.Open(path, options);
        TelemetryBatch batch = await reader.ReadAllAsync();

        Assert.Equal([-877_000L, At(0) + 1000], batch.Table.Times.ToArray());
    }

    [Fact]
    public async Task ReadAllAsync_CyclesOfInt32AndChannelsOfEveryNumberType_ConvertsToDouble()
    {
        string path = _directory.File("cycles.parquet");
        DataField[] fields =
        [
            new DataField<long>("unit"), new DataField<int>("cycle"), new DataField<sbyte>("i8"), new DataField<ushort>("u16"),
            new DataField<ulong>("u64"), new DataField<float>("f32"), new DataField<decimal>("dec"),
        ];
        await WriteAsync(path, fields, async group =>
        {
            await group.WriteAsync<long>(fields[0], new[] { 7L, 7 });
            await group.WriteAsync<int>(fields[1], new[] { 2, 1 });
            await group.WriteAsync<sbyte>(fields[2], new sbyte[] { -128, 127 });
            await group.WriteAsync<ushort>(fields[3], new ushort[] { 65535, 0 });
            await group.WriteAsync<ulong>(fields[4], new[] { ulong.MaxValue, 1UL });
            await group.WriteAsync<float>(fields[5], new[] { 0.1f, float.NegativeInfinity });
            await group.WriteAsync<decimal>(fields[6], new[] { 12.25m, -0.5m });
        });
        var options = new ColumnarReadOptions
        {
            Columns = new TelemetryColumnMapping { AssetColumn = "unit", TimeColumn = "cycle", TimeKind = TimeKind.Cycle },
            DataQuality = new DataQualityOptions { NonFiniteValues = NonFiniteValuePolicy.Keep },
        };

        await using ParquetTelemetryReader reader = ParquetTelemetryReader.Open(path, options);
        TelemetryTable table = (await reader.ReadAllAsync()).Table;

        Assert.Equal(TimeKind.Cycle, table.Schema.TimeKind);
        Assert.Equal(["7"], table.AssetIds);
        Assert.Equal([1L, 2], table.Times.ToArray());
        Assert.Equal([127.0, -128], table.GetChannel("i8").ToArray());
        Assert.Equal([0.0, 65535], table.GetChannel("u16").ToArray());
        Assert.Equal([1.0, 18446744073709551615.0], table.GetChannel("u64").ToArray());
        Assert.Equal([double.NegativeInfinity, (double)0.1f], table.GetChannel("f32").ToArray());
        Assert.Equal([-0.5, 12.25], table.GetChannel("dec").ToArray());
    }

    [Fact]
    public async Task ReadBatchesAsync_OneBatchPerRowGroup_QuarantinesRowsOlderThanAnEarlierBatch()
    {
        string path = _directory.File("groups.parquet");
        DataField[] fields = [new DataField<string>("asset"), new DataField<long>("t"), new DataField<double>("v")];
        await using (FileStream file = File.Create(path))
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file))
        {
            foreach ((string[] assets, long[] times) in new[] { (new[] { "a", "b" }, new[] { 10L, 10 }), (["a", "b"], [5L, 11]) })
            {
                using ParquetRowGroupWriter group = writer.CreateRowGroup();
                await group.WriteAsync(fields[0], assets);
                await group.WriteAsync<long>(fields[1], times);
                await group.WriteAsync<double>(fields[2], new[] { 1.0, 2.0 });
            }
        }

        var options = new ColumnarReadOptions { Columns = new TelemetryColumnMapping { AssetColumn = "asset", TimeColumn = "t", TimeKind = TimeKind.Cycle } };
        await using ParquetTelemetryReader reader = ParquetTelemetryReader.Open(path, options);
        var batches = new List<TelemetryBatch>();
        await foreach (TelemetryBatch batch in reader.ReadBatchesAsync())
        {
            batches.Add(batch);
        }

        Assert.Equal(2, batches.Count);
        Assert.Equal(2, batches[0].Table.RowCount);
        Assert.Equal(["b"], batches[1].Table.AssetIds);
        Assert.Equal(
            [new QuarantinedRow(new SourcePosition(path, 3, 2, "t"), QuarantineReason.OutOfOrder, "asset 'a' at cycle 5 is older than its last reading accepted in an earlier batch (cycle 10)")],
            batches[1].Quarantine);
    }

    private static long At(int hours) => UnixTime.ToMicroseconds(Jan1) + (hours * UnixTime.MicrosecondsPerHour);

    /// <summary>
    /// Telemetry as another tool writes it: int machine ids (one null), naive millisecond timestamps (one null, one far
    /// in the future), a nullable float channel with a null and a NaN, an int64 channel, and a string column.
    /// </summary>
    private async Task<string> WriteMachinesFileAsync()
    {
        string path = _directory.File("machines.parquet");
        DataField[] fields =
        [
            new DataField<int?>("machineID"),
            new DateTimeDataField("datetime", DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Millis, isNullable: true),
            new DataField<float?>("volt"),
            new DataField<long>("rotate"),
            new DataField<string>("model"),
        ];
        await WriteAsync(path, fields, async group =>
        {
            await group.WriteAsync<int>(fields[0], new int?[] { 2, 1, 1, 2, 10, null, 1, 1 });
            await group.WriteAsync<DateTime>(fields[1], new DateTime?[] { Jan1.AddHours(1), Jan1.AddHours(2), Jan1.AddHours(1), Jan1.AddHours(1), null, Jan1.AddHours(4), Jan1.AddHours(3), new DateTime(2999, 1, 1) });
            await group.WriteAsync<float>(fields[2], new float?[] { 170.5f, null, 160f, 171f, 150f, 150f, float.NaN, 150f });
            await group.WriteAsync<long>(fields[3], new long[] { 400, 410, 420, 401, 430, 440, 450, 460 });
            await group.WriteAsync(fields[4], ["m3", "m1", "m1", "m3", "m2", "m2", "m1", "m1"]);
        });
        return path;
    }

    private static async Task WriteAsync(string path, DataField[] fields, Func<ParquetRowGroupWriter, Task> writeColumns)
    {
        await using FileStream file = File.Create(path);
        await using ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file);
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        await writeColumns(group);
        group.CompleteValidate();
    }
}
