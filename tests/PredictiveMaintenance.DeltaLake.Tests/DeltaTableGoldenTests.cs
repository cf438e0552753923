using System.Text.Json;
using Apache.Arrow;

namespace PredictiveMaintenance.DeltaLake.Tests;

/// <summary>Every golden table written by Spark, Databricks or delta-rs, at every version, against MANIFEST.expected.json.</summary>
public class DeltaTableGoldenTests
{
    private static readonly HashSet<string> Unreadable = ["deltalog-invalid-protocol-version"];

    public static TheoryData<string, long> GoldenVersions()
    {
        var data = new TheoryData<string, long>();
        foreach (JsonProperty table in TestData.Manifest.EnumerateObject())
        {
            if (Unreadable.Contains(table.Name))
            {
                continue;
            }

            foreach (JsonElement version in table.Value.GetProperty("versions").EnumerateArray())
            {
                if (version.GetProperty("rows").ValueKind == JsonValueKind.Number)
                {
                    data.Add(table.Name, version.GetProperty("version").GetInt64());
                }
            }
        }

        return data;
    }

    public static TheoryData<string> GoldenTables()
    {
        var data = new TheoryData<string>();
        foreach (JsonProperty table in TestData.Manifest.EnumerateObject())
        {
            if (!Unreadable.Contains(table.Name))
            {
                data.Add(table.Name);
            }
        }

        return data;
    }

    [Fact]
    public void GoldenVersions_CoverEveryReadableVersionOfTheManifest()
    {
        Assert.Equal(35, TestData.Manifest.EnumerateObject().Count());
        Assert.Equal(130, GoldenVersions().Count);
    }

    [Theory]
    [MemberData(nameof(GoldenVersions))]
    public Task GetSnapshotAtVersionAsync_GoldenVersion_MatchesManifestRowsFilesSchemaAndProtocol(string name, long version) =>
        AssertVersionMatchesManifestAsync(DeltaTable.Open(TestData.Golden(name)), name, version);

    [Theory]
    [MemberData(nameof(GoldenTables))]
    public Task GetSnapshotAsync_GoldenTable_MatchesManifestSchemaPartitionsConfigurationAndTransactions(string name) =>
        AssertLatestMatchesManifestAsync(DeltaTable.Open(TestData.Golden(name)), name);

    /// <summary>The snapshot of one version against the manifest: rows, files, schema and protocol.</summary>
    internal static async Task AssertVersionMatchesManifestAsync(DeltaTable table, string name, long version)
    {
        JsonElement expected = TestData.Manifest.GetProperty(name).GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetInt64() == version);

        DeltaSnapshot snapshot = await table.GetSnapshotAtVersionAsync(version);
        long rows = 0;
        await foreach (RecordBatch batch in snapshot.ReadBatchesAsync())
        {
            rows += batch.Length;
        }

        Assert.Equal(version, snapshot.Version);
        Assert.Equal(expected.GetProperty("rows").GetInt64(), rows);
        Assert.Equal(expected.GetProperty("activeFiles").GetInt32(), snapshot.Files.Count);
        Assert.Equal(expected.GetProperty("schemaFields").EnumerateArray().Select(f => f.GetString()), snapshot.Schema.Fields.Select(f => f.Name));
        JsonElement protocol = expected.GetProperty("protocol");
        Assert.Equal(protocol.GetProperty("minReaderVersion").GetInt32(), snapshot.Protocol.MinReaderVersion);
        Assert.Equal(protocol.GetProperty("minWriterVersion").GetInt32(), snapshot.Protocol.MinWriterVersion);
        Assert.Equal(Features(protocol, "readerFeatures"), snapshot.Protocol.ReaderFeatures);
        Assert.Equal(Features(protocol, "writerFeatures"), snapshot.Protocol.WriterFeatures);
    }

    /// <summary>The latest snapshot against the manifest: schema, partitions, configuration, transactions, domains, files and deletion vectors.</summary>
    internal static async Task AssertLatestMatchesManifestAsync(DeltaTable table, string name)
    {
        JsonElement expected = TestData.Manifest.GetProperty(name);

        DeltaSnapshot snapshot = await table.GetSnapshotAsync();

        Assert.Equal(expected.GetProperty("latestVersion").GetInt64(), snapshot.Version);
        var fields = expected.GetProperty("schema").EnumerateArray().ToList();
        Assert.Equal(fields.Count, snapshot.Schema.Fields.Count);
        for (int i = 0; i < fields.Count; i++)
        {
            DeltaStructField field = snapshot.Schema.Fields[i];
            Assert.Equal(fields[i].GetProperty("name").GetString(), field.Name);
            Assert.Equal(fields[i].GetProperty("type").GetString()!.Replace(" ", string.Empty, StringComparison.Ordinal), field.Type.ToString());
            Assert.Equal(fields[i].GetProperty("nullable").GetBoolean(), field.Nullable);
            string physical = fields[i].TryGetProperty("physicalName", out JsonElement p) ? p.GetString()! : field.Name;
            Assert.Equal(physical, field.PhysicalName);
        }

        Assert.Equal(expected.GetProperty("partitionColumns").EnumerateArray().Select(c => c.GetString()), snapshot.PartitionColumns);
        Assert.Equal(
            expected.GetProperty("configuration").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)).OrderBy(p => p.Key, StringComparer.Ordinal),
            snapshot.Metadata.Configuration.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(
            expected.GetProperty("txns").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetInt64())).OrderBy(p => p.Key, StringComparer.Ordinal),
            snapshot.Transactions.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(expected.GetProperty("domains").EnumerateArray().Select(d => d.GetString()).Order(StringComparer.Ordinal), snapshot.Domains.Select(d => d.Domain));
        JsonElement latest = expected.GetProperty("latest");
        Assert.Equal(latest.GetProperty("activeFiles").GetInt32(), snapshot.Files.Count);
        Assert.Equal(latest.GetProperty("filesWithDV").GetInt32(), snapshot.Files.Count(f => f.DeletionVector is not null));
        Assert.Equal(latest.GetProperty("dvCardinalitySum").GetInt64(), snapshot.Files.Sum(f => f.DeletionVector?.Cardinality ?? 0));
        if (latest.GetProperty("rowsFromStats").ValueKind == JsonValueKind.Number)
        {
            Assert.Equal(latest.GetProperty("rowsFromStats").GetInt64(), snapshot.RowCount);
        }
    }

    [Fact]
    public async Task GetSnapshotAsync_InvalidProtocolVersion_RefusesNamingTheVersion()
    {
        DeltaTable table = DeltaTable.Open(TestData.Golden("deltalog-invalid-protocol-version"));

        DeltaProtocolException error = await Assert.ThrowsAsync<DeltaProtocolException>(() => table.GetSnapshotAsync());

        Assert.Equal(
            $"Unsupported Delta protocol reader version 99 in '{TestData.Golden("deltalog-invalid-protocol-version")}' at version 0: this reader implements reader versions 1 to 3.",
            error.Message);
    }

    [Fact]
    public async Task ReadBatchesAsync_LogOnlyTableWithFakeDataFile_FailsNamingTheMissingFile()
    {
        DeltaSnapshot snapshot = await DeltaTable.Open(TestData.Golden("deltalog-getChanges")).GetSnapshotAtVersionAsync(0);

        DeltaProtocolException error = await Assert.ThrowsAsync<DeltaProtocolException>(() => TestData.RowsAsync(snapshot));

        Assert.Equal(Path.Combine(TestData.Golden("deltalog-getChanges"), "fake", "path", "1"), error.FilePath);
        Assert.EndsWith("the data file 'fake/path/1' that the log lists does not exist.", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await DeltaTable.Open(TestData.Golden("deltalog-getChanges")).GetSnapshotAsync()).Transactions["fakeAppId"]);
    }

    [Fact]
    public async Task ReadBatchesAsync_SimpleTable_IgnoresUncommittedTmpCommitAndOrphanFile()
    {
        DeltaTable table = DeltaTable.Open(TestData.Golden("simple_table"));

        DeltaSnapshot latest = await table.GetSnapshotAsync();
        DeltaSnapshot first = await table.GetSnapshotAtVersionAsync(0);

        Assert.Equal(4, latest.Version);
        Assert.Equal([5L, 7L, 9L], (await TestData.ColumnAsync(latest, "id")).Cast<long>().Order());
        Assert.Equal([0L, 1L, 2L, 3L, 4L], (await TestData.ColumnAsync(first, "id")).Cast<long>().Order());
        Assert.True(File.Exists(Path.Combine(TestData.Golden("simple_table"), "part-00000-c1777d7d-89d9-4790-b38a-6ee7e24456b1-c001.snappy.parquet")));
        Assert.DoesNotContain(latest.Files, f => f.Path.EndsWith("-c001.snappy.parquet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadBatchesAsync_SnapshotDataDeleted_ReturnsValuesOfEachVersion()
    {
        DeltaTable table = DeltaTable.Open(TestData.Golden("snapshot-data2-deleted"));

        List<object?[]> latest = await TestData.RowsAsync(await table.GetSnapshotAsync());
        List<object?[]> v2 = await TestData.RowsAsync(await table.GetSnapshotAtVersionAsync(2));

        Assert.Equal(Enumerable.Range(0, 20).Select(x => $"{x}|data-3-{x}"), latest.Select(r => $"{r[0]}|{r[1]}").OrderBy(s => int.Parse(s.Split('|')[0], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(Enumerable.Range(0, 10).Select(x => $"{x}|data-2-{x}"), v2.Select(r => $"{r[0]}|{r[1]}").OrderBy(s => int.Parse(s.Split('|')[0], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task ReadBatchesAsync_CheckpointPlusLaterDeletes_ReturnsSurvivingIds()
    {
        DeltaSnapshot snapshot = await DeltaTable.Open(TestData.Golden("basic-with-inserts-deletes-checkpoint")).GetSnapshotAsync();

        long[] expected = [.. new[] { 0, 10, 20, 30, 40 }.SelectMany(s => Enumerable.Range(s, 5)).Concat(Enumerable.Range(50, 16)).Select(i => (long)i)];
        Assert.Equal(10, snapshot.CheckpointVersion);
        Assert.Equal(expected, (await TestData.ColumnAsync(snapshot, "id")).Cast<long>().Order());
    }

    [Theory]
    [InlineData("multi-part-checkpoint", 1L)]
    [InlineData("corrupted-last-checkpoint-kernel", 10L)]
    [InlineData("table_failed_last_checkpoint_update", 3L)]
    [InlineData("v2-checkpoint-json", 2L)]
    [InlineData("v2-checkpoint-parquet", 2L)]
    public async Task GetSnapshotAsync_CheckpointKinds_StartFromTheNewestCompleteCheckpoint(string name, long checkpoint)
    {
        DeltaSnapshot snapshot = await DeltaTable.Open(TestData.Golden(name)).GetSnapshotAsync();

        Assert.Equal(checkpoint, snapshot.CheckpointVersion);
    }

    [Fact]
    public async Task ReadBatchesAsync_MultiPartAndV2Checkpoints_ReturnExpectedIds()
    {
        List<object?> multiPart = await TestData.ColumnAsync(await DeltaTable.Open(TestData.Golden("multi-part-checkpoint")).GetSnapshotAsync(), "id");
        List<object?> v2Json = await TestData.ColumnAsync(await DeltaTable.Open(TestData.Golden("v2-checkpoint-json")).GetSnapshotAsync(), "id");
        List<object?> v2Parquet = await TestData.ColumnAsync(await DeltaTable.Open(TestData.Golden("v2-checkpoint-parquet")).GetSnapshotAsync(), "id");
        List<object?> corrupted = await TestData.ColumnAsync(await DeltaTable.Open(TestData.Golden("corrupted-last-checkpoint-kernel")).GetSnapshotAsync(), "id");

        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i).Append(0).Order(), multiPart.Cast<long>().Order());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), v2Json.Cast<long>().Order());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), v2Parquet.Cast<long>().Order());
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), corrupted.Cast<long>().Order());
    }

    [Fact]
    public async Task ReadBatchesAsync_Primitives_ReturnEveryTypeAndTheAllNullRow()
    {
        List<object?[]> rows = await TestData.RowsAsync(await DeltaTable.Open(TestData.Golden("data-reader-primitives")).GetSnapshotAsync());

        Assert.Equal(11, rows.Count);
        Assert.Single(rows, r => r.All(v => v is null));
        foreach (object?[] row in rows.Where(r => r[0] is not null))
        {
            int i = (int)row[0]!;
            Assert.Equal((long)i, row[1]);
            Assert.Equal((sbyte)i, row[2]);
            Assert.Equal((short)i, row[3]);
            Assert.Equal(i % 2 == 0, row[4]);
            Assert.Equal((float)i, row[5]);
            Assert.Equal((double)i, row[6]);
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), row[7]);
            Assert.Equal(new[] { (byte)i, (byte)i }, row[8]);
            Assert.Equal((decimal)i, row[9]);
        }
    }

    [Fact]
    public async Task ReadBatchesAsync_NestedStructMapAndArrays_ReassembleValues()
    {
        List<object?[]> structs = await TestData.RowsAsync(await DeltaTable.Open(TestData.Golden("data-reader-nested-struct")).GetSnapshotAsync());
        List<object?[]> maps = await TestData.RowsAsync(await DeltaTable.Open(TestData.Golden("data-reader-map")).GetSnapshotAsync());
        List<object?[]> arrays = await TestData.RowsAsync(await DeltaTable.Open(TestData.Golden("data-reader-array-primitives")).GetSnapshotAsync());

        foreach (object?[] row in structs)
        {
            int i = (int)row[1]!;
            string s = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(Show(new object?[] { s, s, new object?[] { i, (long)i } }), Show(row[0]));
        }

        foreach (object?[] row in maps)
        {
            int i = (int)row[0]!;
            Assert.Equal($"{{{i}:{i}}}", Show(row[1]));
            Assert.Equal($"{{{i}:{i}}}", Show(row[2]));
            Assert.Equal($"{{{i}:{i % 2 == 0}}}", Show(row[3]));
            Assert.Equal($"{{\"{i}\":{i}}}", Show(row[5]));
            Assert.Equal($"{{{i}:[({i}),({i}),({i})]}}", Show(row[6]));
        }

        Assert.Equal(10, arrays.Count);
        foreach (object?[] row in arrays)
        {
            int i = (int)((List<object?>)row[0]!)[0]!;
            Assert.Equal($"[{i}]", Show(row[1]));
            Assert.Equal($"[{i % 2 == 0}]", Show(row[4]));
            Assert.Equal($"[\"{i}\"]", Show(row[7]));
        }
    }

    [Fact]
    public async Task ReadBatchesAsync_ColumnMappingName_ReadsPhysicalColumnsUnderLogicalNames()
    {
        List<object?[]> rows = await TestData.RowsAsync(await DeltaTable.Open(TestData.Golden("table-with-columnmapping-mode-name")).GetSnapshotAsync());

        Assert.Equal(6, rows.Count);
        Assert.Single(rows, r => r.All(v => v is null));
        object?[] row = rows.Single(r => r[2] is 4);
        Assert.Equal((sbyte)4, row[0]);
        Assert.Equal(4.00m, row[6]);
        Assert.Equal("4", row[8]);
        Assert.Equal(new DateTime(2021, 11, 18, 0, 0, 0, DateTimeKind.Utc), row[10]);
        Assert.Equal(DateTime.UnixEpoch.AddMilliseconds(4), row[11]);
        Assert.Equal("(\"4\",(4))", Show(row[12]));
        Assert.Equal("[[4,5],[6,7]]", Show(row[14]));
        Assert.Equal("[{4:[2,3],5:[4,5]}]", Show(row[15]));
        Assert.Equal("([4,5],{[4,5]:(6)})", Show(row[17]));
        Assert.Equal("{4:[4,null,5],5:[]}", Show(row[20]));
        Assert.Equal("{4:{4:4},5:{6:4}}", Show(row[21]));
    }

    [Fact]
    public async Task ReadBatchesAsync_Decimals_ReadInt32Int64AndFixedLengthEncodings()
    {
        List<object?[]> rows = await TestData.RowsAsync(await DeltaTable.Open(TestData.Golden("basic-decimal-table")).GetSnapshotAsync());

        Assert.Equal(
            ["-2342342.23423|-999.99|-99999.99999|-9999999999.9999999999", "0.00004|0.00|0.00000|0.0000000000", "234.00000|1.00|2.00000|3.0000000000", "2342222.23454|111.11|22222.22222|3333333333.3333333333"],
            rows.Select(r => string.Join('|', r.Select(v => ((decimal)v!).ToString(System.Globalization.CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("kernel-timestamp-INT96")]
    [InlineData("kernel-timestamp-TIMESTAMP_MICROS")]
    public async Task ReadBatchesAsync_TimestampEncodings_ReturnMicrosecondsSinceEpoch(string name)
    {
        List<object?[]> rows = await TestData.RowsAsync(await DeltaTable.Open(TestData.Golden(name)).GetSnapshotAsync());

        Assert.Equal(
            ["0|1577866150001000|1580544550000000", "1|1633075760000000|915181200000000", "2|1633075760000000|946717200000000", "3|-31536000000000|-31536000000000", "4|null|null"],
            rows.Select(r => $"{r[0]}|{Micros(r[1])}|{Micros(r[2])}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadBatchesAsync_TimestampNtz_ReturnsWallClockMicroseconds()
    {
        List<object?[]> rows = await TestData.RowsAsync(await DeltaTable.Open(TestData.Golden("data-reader-timestamp_ntz")).GetSnapshotAsync());

        Assert.Equal(
            [
                "0|1637202600123456|1637202600123456", "1|1373043660123456|1637202600123456", "2|null|1637202600123456",
                "3|1637202600123456|1373043660123456", "4|1373043660123456|1373043660123456", "5|null|1373043660123456",
                "6|1637202600123456|null", "7|1373043660123456|null", "8|null|null",
            ],
            rows.Select(r => $"{r[0]}|{Micros(r[1])}|{Micros(r[2])}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadBatchesAsync_PartitionValuesOfEveryType_DeserializeIncludingNullPartition()
    {
        DeltaSnapshot snapshot = await DeltaTable.Open(TestData.Golden("data-reader-partition-values")).GetSnapshotAsync();
        string[] columns = [.. snapshot.Schema.Fields.Select(f => f.Name).Where(n => n != "as_timestamp")];

        List<object?[]> rows = await TestData.RowsAsync(snapshot, new DeltaScanOptions { Columns = columns });

        Assert.Equal(3, rows.Count);
        object?[] nullRow = rows.Single(r => r[0] is null);
        Assert.All(nullRow[..10], Assert.Null);
        Assert.Equal("(\"2\",\"2\",(2,2))", Show(nullRow[12]));
        foreach (object?[] row in rows.Where(r => r[0] is not null))
        {
            int i = (int)row[0]!;
            string s = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal($"{i}|{i}|{i}|{i}|{i % 2 == 0}|{i}|{i}|{s}|null|2021-09-08|{i}", string.Join('|', row[..11].Select(v => v is DateTime d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))));
            Assert.Equal($"[({i}),({i}),({i})]", Show(row[11]));
            Assert.Equal(s, row[13]);
        }
    }

    [Fact]
    public async Task ReadBatchesAsync_OldSparkPartitionedTables_ReturnStringAndNullPartitions()
    {
        List<object?[]> partitioned = await TestData.RowsAsync(await DeltaTable.Open(TestData.Golden("delta-0.8.0-partitioned")).GetSnapshotAsync());
        List<object?[]> nullPartition = await TestData.RowsAsync(await DeltaTable.Open(TestData.Golden("delta-0.8.0-null-partition")).GetSnapshotAsync());

        Assert.Equal(
            ["1|2020|1|1", "2|2020|2|3", "3|2020|2|5", "4|2021|4|5", "5|2021|12|4", "6|2021|12|20", "7|2021|12|20"],
            partitioned.Select(r => string.Join('|', r)).Order(StringComparer.Ordinal));
        Assert.Equal(["A|1", "|2"], nullPartition.Select(r => $"{r[0]}|{r[1]}").OrderBy(s => s.Length > 2 ? 0 : 1));
    }

    [Fact]
    public async Task GetFiles_PartitionFilters_PruneToMatchingPartitions()
    {
        DeltaSnapshot primitives = await DeltaTable.Open(TestData.Golden("partition-type-primitives")).GetSnapshotAsync();
        DeltaSnapshot decimals = await DeltaTable.Open(TestData.Golden("basic-decimal-table")).GetSnapshotAsync();
        DeltaSnapshot spark = await DeltaTable.Open(TestData.Golden("delta-0.8.0-partitioned")).GetSnapshotAsync();
        DeltaSnapshot nulls = await DeltaTable.Open(TestData.Golden("delta-0.8.0-null-partition")).GetSnapshotAsync();

        Assert.Equal(8, primitives.GetFiles(DeltaPredicate.Equal("year", "2020")).Count);
        Assert.Equal(8, primitives.GetFiles(DeltaPredicate.Equal("year", "2021.0")).Count);
        Assert.Equal(8, primitives.GetFiles(DeltaPredicate.Equal("is_active", "true")).Count);
        Assert.Equal(8, primitives.GetFiles(DeltaPredicate.Equal("event_date", "2023-01-01")).Count);
        Assert.Equal(8, primitives.GetFiles(DeltaPredicate.Equal("category", "A")).Count);
        Assert.Single(decimals.GetFiles(DeltaPredicate.Equal("part", 2342222.23454m)));
        Assert.Equal(4, decimals.GetFiles(DeltaPredicate.NotEqual("part", 0m)).Count);
        Assert.Equal(
            ["year=2020/month=2/day=3", "year=2020/month=2/day=5"],
            spark.GetFiles(DeltaPredicate.And(DeltaPredicate.Equal("month", "2"), DeltaPredicate.Equal("year", "2020"))).Select(f => f.Path[..f.Path.LastIndexOf('/')]));
        Assert.StartsWith("k=A/", Assert.Single(nulls.GetFiles(DeltaPredicate.Equal("k", "A"))).Path, StringComparison.Ordinal);
        Assert.StartsWith("k=__HIVE_DEFAULT_PARTITION__/", Assert.Single(nulls.GetFiles(DeltaPredicate.IsNull("k"))).Path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("as_int", 0, -1, 1)]
    [InlineData("as_long", 0L, -1L, 1L)]
    [InlineData("as_byte", 0, -1, 1)]
    [InlineData("as_short", 0, -1, 1)]
    [InlineData("as_float", 0.0f, -1.0f, 1.0f)]
    [InlineData("as_double", 0.0, -1.0, 1.0)]
    [InlineData("as_string", "0", "!", "1")]
    [InlineData("as_big_decimal", 0, -1, 1)]
    public async Task GetFiles_StatisticsOfEveryType_SkipExactlyWhereKernelDoes(string column, object value, object smaller, object bigger)
    {
        DeltaSnapshot snapshot = await DeltaTable.Open(TestData.Golden("data-skipping-basic-stats-all-types")).GetSnapshotAsync();

        bool Hits(DeltaPredicate p) => snapshot.GetFiles(p).Count == 1;

        Assert.True(Hits(DeltaPredicate.Equal(column, value)));
        Assert.True(Hits(DeltaPredicate.GreaterThan(column, smaller)));
        Assert.True(Hits(DeltaPredicate.GreaterThanOrEqual(column, value)));
        Assert.True(Hits(DeltaPredicate.LessThan(column, bigger)));
        Assert.True(Hits(DeltaPredicate.LessThanOrEqual(column, value)));
        Assert.False(Hits(DeltaPredicate.Equal(column, smaller)));
        Assert.False(Hits(DeltaPredicate.GreaterThan(column, value)));
        Assert.False(Hits(DeltaPredicate.GreaterThanOrEqual(column, bigger)));
        Assert.False(Hits(DeltaPredicate.LessThan(column, value)));
        Assert.False(Hits(DeltaPredicate.LessThanOrEqual(column, smaller)));
        Assert.False(Hits(DeltaPredicate.IsNull(column)));
    }

    [Fact]
    public async Task GetFiles_DateAndTimestampStatistics_SkipByBounds()
    {
        DeltaSnapshot snapshot = await DeltaTable.Open(TestData.Golden("data-skipping-basic-stats-all-types")).GetSnapshotAsync();
        var instant = new DateTimeOffset(2000, 1, 1, 8, 0, 0, TimeSpan.Zero);

        Assert.Single(snapshot.GetFiles(DeltaPredicate.Equal("as_date", new DateOnly(2000, 1, 1))));
        Assert.Empty(snapshot.GetFiles(DeltaPredicate.GreaterThanOrEqual("as_date", new DateOnly(2000, 1, 2))));
        Assert.Empty(snapshot.GetFiles(DeltaPredicate.LessThan("as_date", new DateOnly(1999, 1, 1))));
        Assert.Single(snapshot.GetFiles(DeltaPredicate.Equal("as_timestamp", instant)));
        Assert.Empty(snapshot.GetFiles(DeltaPredicate.GreaterThan("as_timestamp", instant.AddSeconds(1))));
        Assert.Empty(snapshot.GetFiles(DeltaPredicate.LessThan("as_timestamp", instant)));
    }

    [Fact]
    public async Task GetSnapshotAtVersionAsync_SchemaAndPartitionChanges_UseTheMetadataOfEachVersion()
    {
        DeltaTable schemaChanges = DeltaTable.Open(TestData.Golden("time-travel-schema-changes-b"));
        DeltaTable partitionChanges = DeltaTable.Open(TestData.Golden("time-travel-partition-changes-b"));

        List<object?[]> v0 = await TestData.RowsAsync(await schemaChanges.GetSnapshotAtVersionAsync(0));
        List<object?[]> v1 = await TestData.RowsAsync(await schemaChanges.GetSnapshotAtVersionAsync(1));
        List<object?[]> p0 = await TestData.RowsAsync(await partitionChanges.GetSnapshotAtVersionAsync(0));
        List<object?[]> p1 = await TestData.RowsAsync(await partitionChanges.GetSnapshotAtVersionAsync(1));

        Assert.All(v0, r => Assert.Single(r));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i < 10 ? $"{i}|" : $"{i}|{i}"), v1.Select(r => $"{r[0]}|{r[1]}").OrderBy(s => s.Length).ThenBy(s => s, StringComparer.Ordinal).OrderBy(s => int.Parse(s.Split('|')[0], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"{i}|{i % 5}"), p0.Select(r => $"{r[0]}|{r[1]}").OrderBy(s => int.Parse(s.Split('|')[0], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(["part2"], (await partitionChanges.GetSnapshotAtVersionAsync(1)).PartitionColumns);
        Assert.Equal(Enumerable.Range(10, 10).Select(i => $"{i}|{i % 2}"), p1.Select(r => $"{r[0]}|{r[1]}").OrderBy(s => int.Parse(s.Split('|')[0], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task ReadBatchesAsync_RestoreAndProtocolUpgrade_FollowTheLatestActions()
    {
        DeltaTable restore = DeltaTable.Open(TestData.Golden("basic-with-inserts-overwrite-restore"));
        DeltaSnapshot upgraded = await DeltaTable.Open(TestData.Golden("log-replay-latest-metadata-protocol")).GetSnapshotAsync();

        Assert.Equal(Enumerable.Range(0, 200).Select(i => (long)i), (await TestData.ColumnAsync(await restore.GetSnapshotAsync(), "id")).Cast<long>().Order());
        Assert.Equal(Enumerable.Range(500, 500).Select(i => (long)i), (await TestData.ColumnAsync(await restore.GetSnapshotAtVersionAsync(2), "id")).Cast<long>().Order());
        Assert.Equal("3/7 readerFeatures [] writerFeatures [appendOnly, invariants]", upgraded.Protocol.ToString());
        Assert.Equal(20, (await TestData.ColumnAsync(upgraded, "col2")).Count(v => v is null));
    }

    [Theory]
    [InlineData("dv-partitioned-with-checkpoint")]
    [InlineData("dv-with-columnmapping")]
    public async Task ReadBatchesAsync_DeletionVectorsAfterCheckpoint_LeaveOutDeletedRows(string name)
    {
        List<object?[]> rows = await TestData.RowsAsync(await DeltaTable.Open(TestData.Golden(name)).GetSnapshotAsync());

        IEnumerable<string> expected = Enumerable.Range(0, 50).Where(x => x % 2 == 1 || x >= 30).Select(x => $"{x % 10}|{x}|foo{x % 5}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, rows.Select(r => $"{r[0]}|{r[1]}|{r[2]}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ReadBatchesAsync_DeletionVectorWithoutCheckpoint_LeavesOutDeletedRows()
    {
        DeltaTable table = DeltaTable.Open(TestData.Golden("basic-dv-no-checkpoint"));

        Assert.Equal(Enumerable.Range(2, 8).Select(i => (long)i), (await TestData.ColumnAsync(await table.GetSnapshotAsync(), "id")).Cast<long>().Order());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), (await TestData.ColumnAsync(await table.GetSnapshotAtVersionAsync(0), "id")).Cast<long>().Order());
    }

    [Fact]
    public async Task ReadBatchesAsync_ChangeDataFeedTable_ReadsDataFilesAndIgnoresChangeFiles()
    {
        List<object?[]> rows = await TestData.RowsAsync(await DeltaTable.Open(TestData.Golden("cdf-table")).GetSnapshotAsync());

        Assert.Equal(
            ["1|Steve|2023-12-22", "2|Bob|2023-12-22", "3|Dave|2023-12-22", "4|Kate|2023-12-22", "5|Emily|2023-12-29", "6|Carl|2023-12-29", "8|Claire|2023-12-25", "9|Ada|2023-12-25", "10|Borb|2023-12-25"],
            rows.OrderBy(r => (int)r[0]!).Select(r => $"{r[0]}|{r[1]}|{(DateTime)r[2]!:yyyy-MM-dd}"));
    }

    [Fact]
    public async Task ReadAndWrite_LiquidClusteringTable_ReadsButRefusesToWriteTheUnknownFeature()
    {
        DeltaTable table = DeltaTable.Open(TestData.Golden("table_with_liquid_clustering"));

        List<object?> ids = await TestData.ColumnAsync(await table.GetSnapshotAsync(), "id");
        DeltaProtocolException error = await Assert.ThrowsAsync<DeltaProtocolException>(() => table.AppendAsync(TestData.Batch(("id", TestData.Longs(1)))));

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), ids.Cast<long>().Order());
        Assert.Equal($"Cannot write to '{TestData.Golden("table_with_liquid_clustering")}' at version 0: writer features 'rowTracking', 'liquid' are not supported.", error.Message);
    }

    [Fact]
    public async Task GetHistoryAsync_SimpleTableWithCheckpoint_ListsCommitsNewestFirst()
    {
        IReadOnlyList<DeltaCommitInfo> history = await DeltaTable.Open(TestData.Golden("simple_table_with_checkpoint")).GetHistoryAsync(5);

        Assert.Equal([10L, 9L, 8L, 7L, 6L], history.Select(h => h.Version));
        Assert.All(history, h => Assert.Equal("WRITE", h.Operation));
    }

    [Fact]
    public async Task ReadAndFilter_UnknownColumns_FailNamingTheColumnAndTheSchema()
    {
        string path = TestData.Golden("delta-0.8.0-null-partition");
        DeltaSnapshot snapshot = await DeltaTable.Open(path).GetSnapshotAsync();

        SchemaException scan = await Assert.ThrowsAsync<SchemaException>(() => TestData.RowsAsync(snapshot, new DeltaScanOptions { Columns = ["k", "w"] }));
        SchemaException filter = Assert.Throws<SchemaException>(() => snapshot.GetFiles(DeltaPredicate.Equal("w", 1)));
        SchemaException literal = Assert.Throws<SchemaException>(() => snapshot.GetFiles(DeltaPredicate.Equal("v", "abc")));

        Assert.Equal($"Column 'w' is not in the schema of '{path}' at version 0; its columns are k, v.", scan.Message);
        Assert.Equal($"The filter names column 'w', which is not in the schema of '{path}' (k, v).", filter.Message);
        Assert.Equal("Partition column 'v' of type long has the value 'abc', which is not a valid long.", literal.Message);
    }

    [Fact]
    public async Task ReadAsync_VersionWithoutFilesOrWithSeveral_ReturnsOneBatchOfTheSchema()
    {
        DeltaTable table = DeltaTable.Open(TestData.Golden("data-reader-timestamp_ntz"));

        Apache.Arrow.RecordBatch empty = await (await table.GetSnapshotAtVersionAsync(0)).ReadAsync();
        Apache.Arrow.RecordBatch full = await (await table.GetSnapshotAsync()).ReadAsync(new DeltaScanOptions { Columns = ["tsNtz", "id"] });

        Assert.Equal(0, empty.Length);
        Assert.Equal(["id", "tsNtz", "tsNtzPartition"], empty.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal(9, full.Length);
        Assert.Equal(["tsNtz", "id"], full.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal(Enumerable.Range(0, 9), Enumerable.Range(0, 9).Select(i => ((Apache.Arrow.Int32Array)full.Column(1)).GetValue(i)!.Value).Order());
    }

    [Fact]
    public async Task ReadDataFrameAsync_NestedColumn_FailsNamingIt()
    {
        DeltaSnapshot snapshot = await DeltaTable.Open(TestData.Golden("data-reader-nested-struct")).GetSnapshotAsync();

        SchemaException error = await Assert.ThrowsAsync<SchemaException>(() => snapshot.ReadDataFrameAsync());
        Microsoft.Data.Analysis.DataFrame frame = await snapshot.ReadDataFrameAsync(new DeltaScanOptions { Columns = ["b"] });

        Assert.Equal("Column 'a' is of nested type struct, which DataFrame cannot hold; leave it out of the scan's columns.", error.Message);
        Assert.Equal(Enumerable.Range(0, 10), frame["b"].Cast<int>().Order());
    }

    private static IEnumerable<string?> Features(JsonElement protocol, string name) =>
        protocol.TryGetProperty(name, out JsonElement features) ? features.EnumerateArray().Select(f => f.GetString()) : null!;

    private static string Micros(object? value) => value is DateTime t ? ((t.Ticks - DateTime.UnixEpoch.Ticks) / 10).ToString(System.Globalization.CultureInfo.InvariantCulture) : "null";

    /// <summary>Formats boxed nested values compactly: structs (a,b), lists [a,b], maps {k:v}, strings quoted.</summary>
    internal static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        object?[] fields => $"({string.Join(',', fields.Select(Show))})",
        List<KeyValuePair<object?, object?>> map => $"{{{string.Join(',', map.Select(e => $"{Show(e.Key)}:{Show(e.Value)}"))}}}",
        List<object?> list => $"[{string.Join(',', list.Select(Show))}]",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };
}
