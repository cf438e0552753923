using System.Globalization;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace PredictiveMaintenance.DeltaLake.Tests;

public class DeltaTableWriteTests
{
    private static readonly DateTimeOffset Start = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DeltaStructType TelemetrySchema = new(
        new DeltaStructField("machine", DeltaPrimitiveType.String, nullable: false),
        new DeltaStructField("time", DeltaPrimitiveType.Timestamp, nullable: false),
        new DeltaStructField("volt", DeltaPrimitiveType.Double),
        new DeltaStructField("day", DeltaPrimitiveType.Date));

    [Fact]
    public async Task CreateAsync_PlainSchema_CommitsLowestProtocolAndMetadata()
    {
        using var dir = new TempDirectory();

        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, TelemetrySchema, new DeltaCreateOptions { PartitionColumns = ["day"], Name = "telemetry" }, new DeltaTableOptions { TimeProvider = new ManualClock(Start) });
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();
        string[] lines = File.ReadAllLines(dir.Combine("_delta_log", "00000000000000000000.json"));

        Assert.Equal(0, snapshot.Version);
        Assert.Equal(new DeltaProtocol(1, 2), snapshot.Protocol);
        Assert.Equal(["day"], snapshot.PartitionColumns);
        Assert.Equal("telemetry", snapshot.Metadata.Name);
        Assert.Equal(TelemetrySchema, snapshot.Schema);
        Assert.Equal(Start.ToUnixTimeMilliseconds(), snapshot.Metadata.CreatedTime);
        Assert.Equal(["commitInfo", "protocol", "metaData"], lines.Select(l => JsonDocument.Parse(l).RootElement.EnumerateObject().Single().Name));
        Assert.Equal("""{"protocol":{"minReaderVersion":1,"minWriterVersion":2}}""", lines[1]);
        Assert.Equal(Start, snapshot.Timestamp);
    }

    [Fact]
    public async Task CreateAsync_TimestampNtzColumn_DeclaresTheFeature()
    {
        using var dir = new TempDirectory();

        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, new DeltaStructType(new DeltaStructField("local", DeltaPrimitiveType.TimestampNtz)));

        Assert.Equal("3/7 readerFeatures [timestampNtz] writerFeatures [timestampNtz]", (await table.GetSnapshotAsync()).Protocol.ToString());
    }

    [Fact]
    public async Task CreateAsync_ExistingTableOrFeatureProperty_Refuses()
    {
        using var dir = new TempDirectory();
        await DeltaTable.CreateAsync(dir.Path, TelemetrySchema);

        DeltaProtocolException exists = await Assert.ThrowsAsync<DeltaProtocolException>(() => DeltaTable.CreateAsync(dir.Path, TelemetrySchema));
        DeltaProtocolException feature = await Assert.ThrowsAsync<DeltaProtocolException>(() => DeltaTable.CreateAsync(
            dir.Combine("other"), TelemetrySchema, new DeltaCreateOptions { Properties = new Dictionary<string, string> { ["delta.enableDeletionVectors"] = "true" } }));
        SchemaException partition = await Assert.ThrowsAsync<SchemaException>(() => DeltaTable.CreateAsync(dir.Combine("third"), TelemetrySchema, new DeltaCreateOptions { PartitionColumns = ["site"] }));

        Assert.Equal($"{dir.Combine("_delta_log", "00000000000000000000.json")} (version 0): a table already exists at this path.", exists.Message);
        Assert.Equal(
            "Table property 'delta.enableDeletionVectors' needs a table feature this writer does not implement; supported delta.* properties are delta.appendOnly, delta.checkpointInterval, delta.dataSkippingNumIndexedCols, delta.deletedFileRetentionDuration, delta.logRetentionDuration.",
            feature.Message);
        Assert.Equal("Partition column 'site' is not in the schema (machine, time, volt, day).", partition.Message);
    }

    [Fact]
    public async Task AppendAsync_PartitionedTelemetry_ReadsBackRowsStatsAndPartitionDirectories()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, TelemetrySchema, new DeltaCreateOptions { PartitionColumns = ["day"] });
        RecordBatch batch = Telemetry(0, 48);

        DeltaCommitResult result = await table.AppendAsync(batch);
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();
        List<object?[]> rows = await TestData.RowsAsync(snapshot);

        Assert.Equal(new DeltaCommitResult(1, 2, 0, 48, 0), result);
        Assert.Equal(["day=2015-01-01", "day=2015-01-02"], snapshot.Files.Select(f => f.Path[..f.Path.IndexOf('/', StringComparison.Ordinal)]));
        Assert.Equal(48, snapshot.RowCount);
        Assert.Equal(Expected(0, 48), rows.Select(Format).Order(StringComparer.Ordinal));
        Assert.Equal(
            """{"numRecords":24,"minValues":{"machine":"m0","time":"2015-01-01T00:00:00.000000Z","volt":1.5},"maxValues":{"machine":"m2","time":"2015-01-01T23:00:00.000000Z","volt":34.5},"nullCount":{"machine":0,"time":0,"volt":5}}""",
            snapshot.Files[0].Stats);
        Assert.Equal(new Dictionary<string, string?> { ["day"] = "2015-01-01" }, snapshot.Files[0].PartitionValues);
    }

    [Fact]
    public async Task AppendAsync_EveryPrimitiveTypeWithNulls_RoundTrips()
    {
        using var dir = new TempDirectory();
        var schema = new DeltaStructType(
            new DeltaStructField("b", DeltaPrimitiveType.Byte),
            new DeltaStructField("s", DeltaPrimitiveType.Short),
            new DeltaStructField("i", DeltaPrimitiveType.Integer),
            new DeltaStructField("l", DeltaPrimitiveType.Long),
            new DeltaStructField("f", DeltaPrimitiveType.Float),
            new DeltaStructField("d", DeltaPrimitiveType.Double),
            new DeltaStructField("flag", DeltaPrimitiveType.Boolean),
            new DeltaStructField("text", DeltaPrimitiveType.String),
            new DeltaStructField("bytes", DeltaPrimitiveType.Binary),
            new DeltaStructField("date", DeltaPrimitiveType.Date),
            new DeltaStructField("ts", DeltaPrimitiveType.Timestamp),
            new DeltaStructField("amount", new DeltaDecimalType(12, 3)));
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, schema);
        RecordBatch batch = EveryType();

        await table.AppendAsync(batch);
        List<object?[]> rows = await TestData.RowsAsync(await table.GetSnapshotAsync());

        Assert.Equal(3, rows.Count);
        Assert.Equal(
            "(sbyte)-5|-300|70000|-9000000000|1.5|-2.25|True|\"héllo\"|[1,2]|2015-03-04|2015-01-01T06:00:00.0000010|-1234.567",
            string.Join('|', rows[0].Select(Show)));
        Assert.All(rows[1], Assert.Null);
        Assert.Equal("(sbyte)0|0|0|0|0|0|False|\"\"|[]|1970-01-01|1970-01-01|0.000", string.Join('|', rows[2].Select(Show)));
    }

    [Fact]
    public async Task AppendAsync_NestedColumns_RoundTripStructListAndMap()
    {
        using var dir = new TempDirectory();
        var point = new StructType([new Field("x", Int32Type.Default, true), new Field("tags", new ListType(new Field("element", StringType.Default, true)), true)]);
        var schema = new DeltaStructType(
            new DeltaStructField("id", DeltaPrimitiveType.Long),
            new DeltaStructField("point", new DeltaStructType(new DeltaStructField("x", DeltaPrimitiveType.Integer), new DeltaStructField("tags", new DeltaArrayType(DeltaPrimitiveType.String)))),
            new DeltaStructField("attributes", new DeltaMapType(DeltaPrimitiveType.String, DeltaPrimitiveType.Long)));
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, schema);
        var ids = TestData.Longs(1, 2, 3, 4);
        var x = TestData.Ints(7, null, 9, 0);
        var tagValues = TestData.Strings("a", null, "c");
        var tags = new ListArray(new ListType(new Field("element", StringType.Default, true)), 4, Offsets(0, 2, 2, 3, 3), tagValues, Bitmap(true, true, true, false), 1);
        var points = new StructArray(point, 4, [x, tags], Bitmap(true, true, true, false), 1);
        var mapType = new MapType(new Field("key", StringType.Default, false), new Field("value", Int64Type.Default, true), false);
        var entries = new StructArray(mapType.KeyValueType, 3, [TestData.Strings("k1", "k2", "k3"), TestData.Longs(10, null, 30)], ArrowBuffer.Empty, 0);
        var maps = new MapArray(mapType, 4, Offsets(0, 2, 2, 2, 3), entries, Bitmap(true, false, true, true), 1);
        RecordBatch batch = TestData.Batch(("id", ids), ("point", points), ("attributes", maps));

        await table.AppendAsync(batch);
        List<object?[]> rows = await TestData.RowsAsync(await table.GetSnapshotAsync());

        Assert.Equal(
            ["1|(7,[\"a\",null])|{\"k1\":10,\"k2\":null}", "2|(null,[])|null", "3|(9,[\"c\"])|{}", "4|null|{\"k3\":30}"],
            rows.Select(r => string.Join('|', r.Select(DeltaTableGoldenTests.Show))));
    }

    [Fact]
    public async Task AppendAsync_MismatchingData_FailsNamingColumnAndTypes()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, TelemetrySchema);
        RecordBatch good = Telemetry(0, 2);

        SchemaException wrongType = await Assert.ThrowsAsync<SchemaException>(() => table.AppendAsync(Replace(good, "volt", TestData.Ints(1, 2))));
        SchemaException extra = await Assert.ThrowsAsync<SchemaException>(() => table.AppendAsync(Add(good, "site", TestData.Strings("a", "b"))));
        SchemaException missing = await Assert.ThrowsAsync<SchemaException>(() => table.AppendAsync(Remove(good, "machine")));
        SchemaException nulls = await Assert.ThrowsAsync<SchemaException>(() => table.AppendAsync(Replace(good, "machine", TestData.Strings("m0", null))));

        Assert.Equal($"Column 'volt' has type double in '{dir.Path}' but integer (Arrow int32) in the data.", wrongType.Message);
        Assert.Equal($"Column 'site' (string) is not in the schema of '{dir.Path}' (machine: string, time: timestamp, volt: double, day: date); set MergeSchema to add it.", extra.Message);
        Assert.Equal($"Column 'machine' (string) is not nullable in '{dir.Path}' but is missing from the data.", missing.Message);
        Assert.Equal($"Column 'machine' is not nullable in '{dir.Path}' but the data holds 1 nulls in it.", nulls.Message);
        Assert.Equal(0, (await table.GetSnapshotAsync()).Version);
    }

    [Fact]
    public async Task AppendAsync_MergeSchema_AddsNullableColumnAndOldRowsReadNull()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, TelemetrySchema);
        await table.AppendAsync(Telemetry(0, 2));

        await table.AppendAsync(Add(Telemetry(2, 2), "site", TestData.Strings("north", "south")), new DeltaWriteOptions { MergeSchema = true });
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();
        List<object?> sites = await TestData.ColumnAsync(snapshot, "site");

        Assert.Equal("site: string", snapshot.Schema.Fields[^1].ToString());
        Assert.Equal([null, null, "north", "south"], sites.Cast<string?>().OrderBy(s => s, StringComparer.Ordinal));
        Assert.Equal(["machine", "time", "volt", "day"], (await table.GetSnapshotAtVersionAsync(1)).Schema.Fields.Select(f => f.Name));
    }

    [Fact]
    public async Task OverwriteAsync_WholeTableAndOnePartition_ReplaceOnlyWhatTheyCover()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, TelemetrySchema, new DeltaCreateOptions { PartitionColumns = ["day"] });
        await table.AppendAsync(Telemetry(0, 72));

        DeltaCommitResult partition = await table.OverwriteAsync(Telemetry(24, 12), DeltaPredicate.Equal("day", new DateOnly(2015, 1, 2)));
        List<object?[]> afterPartition = await TestData.RowsAsync(await table.GetSnapshotAsync());
        DeltaCommitResult whole = await table.OverwriteAsync(Telemetry(100, 3));
        List<object?[]> afterWhole = await TestData.RowsAsync(await table.GetSnapshotAsync());

        Assert.Equal(new DeltaCommitResult(2, 1, 1, 12, 0), partition);
        Assert.Equal(Expected(0, 24).Concat(Expected(24, 12)).Concat(Expected(48, 24)).Order(StringComparer.Ordinal), afterPartition.Select(Format).Order(StringComparer.Ordinal));
        Assert.Equal(new DeltaCommitResult(3, 1, 3, 3, 0), whole);
        Assert.Equal(Expected(100, 3), afterWhole.Select(Format).Order(StringComparer.Ordinal));
        Assert.Equal(72, (await TestData.RowsAsync(await table.GetSnapshotAtVersionAsync(1))).Count);
    }

    [Fact]
    public async Task OverwriteAsync_RowsOutsideThePredicateOrDataColumnPredicate_Refuses()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, TelemetrySchema, new DeltaCreateOptions { PartitionColumns = ["day"] });
        await table.AppendAsync(Telemetry(0, 48));

        SchemaException outside = await Assert.ThrowsAsync<SchemaException>(() => table.OverwriteAsync(Telemetry(20, 8), DeltaPredicate.Equal("day", new DateOnly(2015, 1, 1))));
        SchemaException dataColumn = await Assert.ThrowsAsync<SchemaException>(() => table.DeleteAsync(DeltaPredicate.GreaterThan("volt", 3.0)));

        Assert.Equal("The data holds rows of partition (day=2015-01-02), which does not match the overwrite predicate day = 2015-01-01.", outside.Message);
        Assert.Equal($"The predicate volt > 3 reads column 'volt', which is not a partition column of '{dir.Path}' (partition columns: day); overwrite and delete select whole partitions.", dataColumn.Message);
        Assert.Equal(1, (await table.GetSnapshotAsync()).Version);
    }

    [Fact]
    public async Task DeleteAsync_PartitionPredicate_RemovesMatchingFilesWithTombstones()
    {
        using var dir = new TempDirectory();
        var clock = new ManualClock(Start);
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, TelemetrySchema, new DeltaCreateOptions { PartitionColumns = ["day"] }, new DeltaTableOptions { TimeProvider = clock });
        await table.AppendAsync(Telemetry(0, 72));
        clock.Advance(TimeSpan.FromHours(1));

        DeltaCommitResult deleted = await table.DeleteAsync(DeltaPredicate.LessThanOrEqual("day", "2015-01-02"));
        DeltaCommitResult nothing = await table.DeleteAsync(DeltaPredicate.IsNull("day"));
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();
        string[] removes = [.. File.ReadAllLines(dir.Combine("_delta_log", "00000000000000000002.json")).Where(l => l.StartsWith("{\"remove\"", StringComparison.Ordinal))];

        Assert.Equal(new DeltaCommitResult(2, 0, 2, 0, 0), deleted);
        Assert.Equal(new DeltaCommitResult(2, 0, 0, 0, 0), nothing);
        Assert.Equal(Expected(48, 24), (await TestData.RowsAsync(snapshot)).Select(Format).Order(StringComparer.Ordinal));
        Assert.Equal(2, removes.Length);
        Assert.All(removes, r => Assert.Contains($"\"deletionTimestamp\":{Start.AddHours(1).ToUnixTimeMilliseconds()},\"dataChange\":true,\"extendedFileMetadata\":true,\"partitionValues\":{{\"day\":\"2015-01-0", r, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OverwriteAsync_AppendOnlyTable_Refuses()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, TelemetrySchema, new DeltaCreateOptions { Properties = new Dictionary<string, string> { ["delta.appendOnly"] = "true" } });
        await table.AppendAsync(Telemetry(0, 2));

        DeltaProtocolException error = await Assert.ThrowsAsync<DeltaProtocolException>(() => table.OverwriteAsync(Telemetry(0, 2)));

        Assert.Equal($"Cannot overwrite or delete in '{dir.Path}' at version 1: the table is append-only (delta.appendOnly = true).", error.Message);
    }

    [Fact]
    public async Task AppendAsync_SameApplicationVersionTwice_WritesOnce()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, TelemetrySchema);
        var batch7 = new DeltaWriteOptions { ApplicationId = "ingest", ApplicationVersion = 7 };

        DeltaCommitResult first = await table.AppendAsync(Telemetry(0, 5), batch7);
        DeltaCommitResult again = await table.AppendAsync(Telemetry(0, 5), batch7);
        DeltaCommitResult older = await table.AppendAsync(Telemetry(0, 5), new DeltaWriteOptions { ApplicationId = "ingest", ApplicationVersion = 6 });
        DeltaCommitResult next = await table.AppendAsync(Telemetry(5, 5), new DeltaWriteOptions { ApplicationId = "ingest", ApplicationVersion = 8 });
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();

        Assert.Equal(1, first.Version);
        Assert.True(again.Skipped);
        Assert.True(older.Skipped);
        Assert.Equal(2, next.Version);
        Assert.Equal(8, snapshot.Transactions["ingest"]);
        Assert.Equal(Expected(0, 10), (await TestData.RowsAsync(snapshot)).Select(Format).Order(StringComparer.Ordinal));
        Assert.Equal(2, Directory.GetFiles(dir.Path, "*.parquet").Length);
    }

    [Fact]
    public async Task AppendAsync_TenthCommit_WritesCheckpointThatReplayStartsFrom()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, TelemetrySchema, new DeltaCreateOptions { PartitionColumns = ["day"] });
        for (int i = 0; i < 9; i++)
        {
            await table.AppendAsync(Telemetry(i * 10, 10), new DeltaWriteOptions { ApplicationId = "app", ApplicationVersion = i });
        }

        bool before = File.Exists(dir.Combine("_delta_log", "00000000000000000009.checkpoint.parquet"));
        await table.AppendAsync(Telemetry(90, 10), new DeltaWriteOptions { ApplicationId = "app", ApplicationVersion = 9 });
        await table.AppendAsync(Telemetry(100, 10));
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();
        using JsonDocument lastCheckpoint = JsonDocument.Parse(File.ReadAllText(dir.Combine("_delta_log", "_last_checkpoint")));

        Assert.False(before);
        Assert.True(File.Exists(dir.Combine("_delta_log", "00000000000000000010.checkpoint.parquet")));
        Assert.Equal(10, snapshot.CheckpointVersion);
        Assert.Equal(11, snapshot.Version);
        Assert.Equal(9, snapshot.Transactions["app"]);
        Assert.Equal(Expected(0, 110), (await TestData.RowsAsync(snapshot)).Select(Format).Order(StringComparer.Ordinal));
        Assert.Equal(10, lastCheckpoint.RootElement.GetProperty("version").GetInt64());
        Assert.Equal(snapshot.Files.Count - 1 + 3, lastCheckpoint.RootElement.GetProperty("size").GetInt64());
        Assert.Equal(snapshot.Files.Count - 1, lastCheckpoint.RootElement.GetProperty("numOfAddFiles").GetInt64());
    }

    [Fact]
    public async Task GetSnapshotAtTimeAsync_CommitsAnHourApart_PicksTheLatestVersionAtOrBeforeTheTime()
    {
        using var dir = new TempDirectory();
        var clock = new ManualClock(Start);
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, TelemetrySchema, options: new DeltaTableOptions { TimeProvider = clock });
        clock.Advance(TimeSpan.FromHours(1));
        await table.AppendAsync(Telemetry(0, 3));
        clock.Advance(TimeSpan.FromHours(1));
        await table.AppendAsync(Telemetry(3, 3));

        DeltaSnapshot atHalfPastOne = await table.GetSnapshotAtTimeAsync(Start.AddMinutes(90));
        DeltaSnapshot atTwo = await table.GetSnapshotAtTimeAsync(Start.AddHours(2));
        DeltaProtocolException before = await Assert.ThrowsAsync<DeltaProtocolException>(() => table.GetSnapshotAtTimeAsync(Start.AddSeconds(-1)));
        IReadOnlyList<DeltaCommitInfo> history = await table.GetHistoryAsync();

        Assert.Equal(1, atHalfPastOne.Version);
        Assert.Equal(3, atHalfPastOne.RowCount);
        Assert.Equal(2, atTwo.Version);
        Assert.Equal($"'{dir.Path}' has no version at or before 2014-12-31T23:59:59.0000000+00:00; its earliest commit is at 2015-01-01T00:00:00.0000000+00:00 (version 0).", before.Message);
        Assert.Equal(["2:WRITE:Append", "1:WRITE:Append", "0:CREATE TABLE:"], history.Select(h => $"{h.Version}:{h.Operation}:{h.OperationParameters?.GetValueOrDefault("mode")}"));
        Assert.Equal([Start.AddHours(2), Start.AddHours(1), Start], history.Select(h => h.Timestamp));
    }

    [Fact]
    public async Task ReadDataFrameAsync_Telemetry_ConvertsTimestampsAndDates()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, TelemetrySchema);
        await table.AppendAsync(Telemetry(0, 3));

        Microsoft.Data.Analysis.DataFrame frame = await (await table.GetSnapshotAsync()).ReadDataFrameAsync();

        Assert.Equal(3, frame.Rows.Count);
        Assert.Equal(["machine", "time", "volt", "day"], frame.Columns.Select(c => c.Name));
        Assert.Equal(new DateTime(2015, 1, 1, 2, 0, 0, DateTimeKind.Utc), frame["time"][2]);
        Assert.Equal(new DateTime(2015, 1, 1), frame["day"][0]);
        Assert.Null(frame["volt"][0]);
        Assert.Equal(3.0, frame["volt"][2]);
    }

    [Fact]
    public async Task AppendAsync_DictionaryEncodedStrings_WritesStringsWithBoundsAndPartitions()
    {
        using var dir = new TempDirectory();
        var schema = new DeltaStructType(new DeltaStructField("machine", DeltaPrimitiveType.String, nullable: false), new DeltaStructField("site", DeltaPrimitiveType.String));
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, schema, new DeltaCreateOptions { PartitionColumns = ["site"] });
        var dictionaryType = new DictionaryType(Int32Type.Default, StringType.Default, ordered: false);
        var machines = new DictionaryArray(dictionaryType, TestData.Ints(2, 0, 1, 0), TestData.Strings("m1", "m10", "m2"));
        var sites = new DictionaryArray(dictionaryType, TestData.Ints(0, 0, null, 1), TestData.Strings("north", "south"));

        await table.AppendAsync(new RecordBatch(
            new Apache.Arrow.Schema([new Field("machine", dictionaryType, false), new Field("site", dictionaryType, true)], null),
            [machines, sites],
            4));
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();

        Assert.Equal(["m10|null", "m1|north", "m1|south", "m2|north"], (await TestData.RowsAsync(snapshot)).Select(r => $"{r[0]}|{r[1] ?? "null"}").Order(StringComparer.Ordinal));
        Assert.Equal(["north", "null", "south"], snapshot.Files.Select(f => f.PartitionValues["site"] ?? "null").Order(StringComparer.Ordinal));
        Assert.Equal("north", Assert.Single(snapshot.GetFiles(DeltaPredicate.Equal("machine", "m2"))).PartitionValues["site"]);
    }

    [Fact]
    public async Task AppendAsync_InfiniteDoubles_WriteNoBoundsForThatColumn()
    {
        using var dir = new TempDirectory();
        var schema = new DeltaStructType(new DeltaStructField("reading", DeltaPrimitiveType.Double), new DeltaStructField("id", DeltaPrimitiveType.Long));
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, schema);

        await table.AppendAsync(TestData.Batch(("reading", TestData.Doubles(1.5, double.PositiveInfinity, double.NegativeInfinity)), ("id", TestData.Longs(1, 2, 3))));
        DeltaAddFile file = Assert.Single((await table.GetSnapshotAsync()).Files);

        Assert.Equal("""{"numRecords":3,"minValues":{"id":1},"maxValues":{"id":3},"nullCount":{"reading":0,"id":0}}""", file.Stats);
        Assert.Equal(
            [double.PositiveInfinity, double.NegativeInfinity],
            (await TestData.ColumnAsync(await table.GetSnapshotAsync(), "reading")).Skip(1).Cast<double>());
    }

    [Fact]
    public async Task AppendAsync_TimestampBeyondYear9999_RefusesNamingTheColumn()
    {
        using var dir = new TempDirectory();
        DeltaTable table = await DeltaTable.CreateAsync(dir.Path, new DeltaStructType(new DeltaStructField("at", DeltaPrimitiveType.Timestamp)));

        var beyond = new TimestampArray(new TimestampType(TimeUnit.Microsecond, "UTC"), new ArrowBuffer(BitConverter.GetBytes(UnixTime.MaxMicroseconds + 1)), ArrowBuffer.Empty, 1, 0, 0);

        SchemaException error = await Assert.ThrowsAsync<SchemaException>(() => table.AppendAsync(TestData.Batch(("at", beyond))));

        Assert.Equal("Column 'at' holds the timestamp 253402300800000000 µs since 1970, outside the range of a Delta timestamp (0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z).", error.Message);
    }

    internal static RecordBatch Telemetry(int start, int count)
    {
        var machine = new string?[count];
        var time = new long?[count];
        var volt = new double?[count];
        var day = new DateOnly?[count];
        for (int i = 0; i < count; i++)
        {
            int n = start + i;
            machine[i] = "m" + (n % 3).ToString(CultureInfo.InvariantCulture);
            time[i] = (Start.ToUnixTimeMilliseconds() * 1000) + (n * UnixTime.MicrosecondsPerHour);
            volt[i] = n % 5 == 0 ? null : n * 1.5;
            day[i] = DateOnly.FromDateTime(Start.UtcDateTime).AddDays(n / 24);
        }

        RecordBatch batch = TestData.Batch(("machine", TestData.Strings(machine)), ("time", TestData.Timestamps(time)), ("volt", TestData.Doubles(volt)), ("day", TestData.Dates(day)));
        return batch;
    }

    internal static IEnumerable<string> Expected(int start, int count) =>
        Enumerable.Range(start, count).Select(n => string.Create(CultureInfo.InvariantCulture, $"m{n % 3}|{Start.AddHours(n).UtcDateTime:O}|{(n % 5 == 0 ? "null" : (n * 1.5).ToString(CultureInfo.InvariantCulture))}|{Start.AddDays(n / 24).UtcDateTime:yyyy-MM-dd}")).Order(StringComparer.Ordinal);

    internal static string Format(object?[] row) => string.Create(
        CultureInfo.InvariantCulture,
        $"{row[0]}|{(DateTime)row[1]!:O}|{(row[2] is double v ? v.ToString(CultureInfo.InvariantCulture) : "null")}|{(DateTime)row[3]!:yyyy-MM-dd}");

    private static RecordBatch EveryType()
    {
        var bytes = new BinaryArray.Builder().Append([1, 2]).AppendNull().Append(ReadOnlySpan<byte>.Empty).Build();
        var flags = new BooleanArray.Builder().Append(true).AppendNull().Append(false).Build();
        var decimals = new Decimal128Array.Builder(new Decimal128Type(12, 3)).Append(-1234.567m).AppendNull().Append(0m).Build();
        return TestData.Batch(
            ("b", new Int8Array.Builder().Append(-5).AppendNull().Append(0).Build()),
            ("s", new Int16Array.Builder().Append(-300).AppendNull().Append(0).Build()),
            ("i", TestData.Ints(70000, null, 0)),
            ("l", TestData.Longs(-9_000_000_000, null, 0)),
            ("f", new FloatArray.Builder().Append(1.5f).AppendNull().Append(0).Build()),
            ("d", TestData.Doubles(-2.25, null, 0)),
            ("flag", flags),
            ("text", TestData.Strings("héllo", null, string.Empty)),
            ("bytes", bytes),
            ("date", TestData.Dates(new DateOnly(2015, 3, 4), null, new DateOnly(1970, 1, 1))),
            ("ts", TestData.Timestamps((Start.ToUnixTimeMilliseconds() * 1000) + (6 * UnixTime.MicrosecondsPerHour) + 1, null, 0)),
            ("amount", decimals));
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        sbyte b => $"(sbyte){b}",
        byte[] bytes => $"[{string.Join(',', bytes)}]",
        DateTime t when t.TimeOfDay == TimeSpan.Zero => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("O", CultureInfo.InvariantCulture)[..27],
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        string s => $"\"{s}\"",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static ArrowBuffer Offsets(params int[] offsets) => new(System.Runtime.InteropServices.MemoryMarshal.AsBytes(offsets.AsSpan()).ToArray());

    private static ArrowBuffer Bitmap(params bool[] valid)
    {
        var bits = new byte[(valid.Length + 7) / 8];
        for (int i = 0; i < valid.Length; i++)
        {
            if (valid[i])
            {
                bits[i / 8] |= (byte)(1 << (i % 8));
            }
        }

        return new ArrowBuffer(bits);
    }

    private static RecordBatch Replace(RecordBatch batch, string column, IArrowArray array) =>
        TestData.Batch([.. batch.Schema.FieldsList.Select((f, i) => (f.Name, f.Name == column ? array : batch.Column(i)))]);

    private static RecordBatch Add(RecordBatch batch, string column, IArrowArray array) =>
        TestData.Batch([.. batch.Schema.FieldsList.Select((f, i) => (f.Name, batch.Column(i))), (column, array)]);

    private static RecordBatch Remove(RecordBatch batch, string column) =>
        TestData.Batch([.. batch.Schema.FieldsList.Select((f, i) => (f.Name, batch.Column(i))).Where(c => c.Name != column)]);
}
