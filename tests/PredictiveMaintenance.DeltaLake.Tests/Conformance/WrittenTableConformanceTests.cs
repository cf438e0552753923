using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;

namespace PredictiveMaintenance.DeltaLake.Tests.Conformance;

/// <summary>
/// Tables this package writes, checked against the protocol's required fields action by action, and their data files and
/// checkpoint read through an independent Parquet reader (DuckDB) by the paths in the log.
/// </summary>
public sealed class WrittenTableConformanceTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new();
    private DeltaTable _table = null!;

    public async Task InitializeAsync()
    {
        var schema = new DeltaStructType(
            new DeltaStructField("machine", DeltaPrimitiveType.String, nullable: false),
            new DeltaStructField("time", DeltaPrimitiveType.Timestamp, nullable: false),
            new DeltaStructField("volt", DeltaPrimitiveType.Double),
            new DeltaStructField("day", DeltaPrimitiveType.Date));
        _table = await DeltaTable.CreateAsync(_dir.Combine("table with space"), schema, new DeltaCreateOptions { PartitionColumns = ["day"] });
        for (int i = 0; i < 11; i++)
        {
            await _table.AppendAsync(DeltaTableWriteTests.Telemetry(i * 20, 20), new DeltaWriteOptions { ApplicationId = "ingest", ApplicationVersion = i });
        }

        await _table.OverwriteAsync(DeltaTableWriteTests.Telemetry(24, 24), DeltaPredicate.Equal("day", new DateOnly(2015, 1, 2)));
        await _table.DeleteAsync(DeltaPredicate.Equal("day", new DateOnly(2015, 1, 1)));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task CommitFiles_EveryAction_CarriesTheFieldsTheProtocolRequires()
    {
        DeltaStructType schema = (await _table.GetSnapshotAsync()).Schema;
        string[] commits = [.. Directory.GetFiles(Path.Combine(_table.Path, "_delta_log"), "*.json").Order(StringComparer.Ordinal)];
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);

        foreach (string commit in commits)
        {
            foreach (string line in File.ReadAllLines(commit))
            {
                using JsonDocument document = JsonDocument.Parse(line);
                JsonProperty action = Assert.Single(document.RootElement.EnumerateObject());
                kinds[action.Name] = kinds.GetValueOrDefault(action.Name) + 1;
                JsonElement v = action.Value;
                switch (action.Name)
                {
                    case "protocol":
                        Assert.Equal(1, v.GetProperty("minReaderVersion").GetInt32());
                        Assert.Equal(2, v.GetProperty("minWriterVersion").GetInt32());
                        Assert.False(v.TryGetProperty("readerFeatures", out _));
                        break;
                    case "metaData":
                        Assert.True(Guid.TryParse(v.GetProperty("id").GetString(), out _));
                        Assert.Equal("parquet", v.GetProperty("format").GetProperty("provider").GetString());
                        Assert.Equal(JsonValueKind.Object, v.GetProperty("format").GetProperty("options").ValueKind);
                        Assert.Equal(schema, DeltaStructType.Parse(v.GetProperty("schemaString").GetString()!));
                        Assert.Equal(["day"], v.GetProperty("partitionColumns").EnumerateArray().Select(c => c.GetString()));
                        Assert.Equal(JsonValueKind.Object, v.GetProperty("configuration").ValueKind);
                        break;
                    case "add":
                        Assert.False(Path.IsPathRooted(v.GetProperty("path").GetString()));
                        Assert.Equal(["day"], v.GetProperty("partitionValues").EnumerateObject().Select(p => p.Name));
                        Assert.True(v.GetProperty("size").GetInt64() > 0);
                        Assert.True(v.GetProperty("modificationTime").GetInt64() > 0);
                        Assert.True(v.GetProperty("dataChange").GetBoolean());
                        using (JsonDocument stats = JsonDocument.Parse(v.GetProperty("stats").GetString()!))
                        {
                            Assert.True(stats.RootElement.GetProperty("numRecords").GetInt64() > 0);
                            Assert.Equal(["machine", "time", "volt"], stats.RootElement.GetProperty("nullCount").EnumerateObject().Select(p => p.Name));
                        }

                        break;
                    case "remove":
                        Assert.False(string.IsNullOrEmpty(v.GetProperty("path").GetString()));
                        Assert.True(v.GetProperty("deletionTimestamp").GetInt64() > 0);
                        Assert.True(v.GetProperty("dataChange").GetBoolean());
                        Assert.True(v.GetProperty("extendedFileMetadata").GetBoolean());
                        Assert.True(v.GetProperty("size").GetInt64() > 0);
                        Assert.Equal(["day"], v.GetProperty("partitionValues").EnumerateObject().Select(p => p.Name));
                        break;
                    case "txn":
                        Assert.Equal("ingest", v.GetProperty("appId").GetString());
                        Assert.InRange(v.GetProperty("version").GetInt64(), 0, 10);
                        break;
                    case "commitInfo":
                        Assert.True(v.GetProperty("timestamp").GetInt64() > 0);
                        Assert.False(string.IsNullOrEmpty(v.GetProperty("operation").GetString()));
                        break;
                    default:
                        Assert.Fail($"{commit} holds an action '{action.Name}' that this writer never writes.");
                        break;
                }
            }

            Assert.Equal("commitInfo", JsonDocument.Parse(File.ReadLines(commit).First()).RootElement.EnumerateObject().Single().Name);
        }

        Assert.Equal(14, commits.Length);
        Assert.Equal(14, kinds["commitInfo"]);
        Assert.Equal(1, kinds["protocol"]);
        Assert.Equal(1, kinds["metaData"]);
        Assert.Equal(11, kinds["txn"]);
    }

    [Fact]
    public async Task DataFiles_ReadThroughDuckDbByLogPath_HoldTheSameRowsAsTheSnapshot()
    {
        DeltaSnapshot snapshot = await _table.GetSnapshotAsync();
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        var duckRows = new List<string>();

        foreach (DeltaAddFile file in snapshot.Files)
        {
            string path = Path.Combine(_table.Path, Uri.UnescapeDataString(file.Path));
            using DuckDBCommand command = connection.CreateCommand();
            command.CommandText = $"SELECT machine, epoch_us(time), volt FROM read_parquet('{path.Replace("'", "''", StringComparison.Ordinal)}', hive_partitioning = false)";
            using var reader = command.ExecuteReader();
            int count = 0;
            while (reader.Read())
            {
                count++;
                var time = DateTime.UnixEpoch.AddTicks(reader.GetInt64(1) * 10);
                string volt = reader.IsDBNull(2) ? "null" : reader.GetDouble(2).ToString(CultureInfo.InvariantCulture);
                duckRows.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetString(0)}|{time:O}|{volt}|{file.PartitionValues["day"]}"));
            }

            Assert.Equal(file.RecordCount, count);
        }

        List<object?[]> ours = await TestData.RowsAsync(snapshot);
        Assert.Equal(ours.Select(DeltaTableWriteTests.Format).Order(StringComparer.Ordinal), duckRows.Select(r => r.Replace("Z|", "|", StringComparison.Ordinal)).Select(Normalize).Order(StringComparer.Ordinal));
        Assert.Equal(DeltaTableWriteTests.Expected(24, 24).Concat(DeltaTableWriteTests.Expected(48, 172)).Order(StringComparer.Ordinal), ours.Select(DeltaTableWriteTests.Format).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DataFiles_ParquetTypesSeenByDuckDb_MatchTheDeltaTypes()
    {
        DeltaSnapshot snapshot = await _table.GetSnapshotAsync();
        string path = Path.Combine(_table.Path, Uri.UnescapeDataString(snapshot.Files[0].Path));
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{path}', hive_partitioning = false))";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            columns.Add($"{reader.GetString(0)}:{reader.GetString(1)}");
        }

        Assert.Equal(["machine:VARCHAR", "time:TIMESTAMP WITH TIME ZONE", "volt:DOUBLE"], columns);
    }

    [Fact]
    public async Task DataFiles_EveryPrimitiveType_CarriesTheParquetAnnotationsOtherEnginesExpect()
    {
        var schema = new DeltaStructType(
            new DeltaStructField("b", DeltaPrimitiveType.Byte),
            new DeltaStructField("s", DeltaPrimitiveType.Short),
            new DeltaStructField("i", DeltaPrimitiveType.Integer),
            new DeltaStructField("l", DeltaPrimitiveType.Long, nullable: false),
            new DeltaStructField("f", DeltaPrimitiveType.Float),
            new DeltaStructField("d", DeltaPrimitiveType.Double),
            new DeltaStructField("flag", DeltaPrimitiveType.Boolean),
            new DeltaStructField("text", DeltaPrimitiveType.String),
            new DeltaStructField("bytes", DeltaPrimitiveType.Binary),
            new DeltaStructField("date", DeltaPrimitiveType.Date),
            new DeltaStructField("local", DeltaPrimitiveType.TimestampNtz),
            new DeltaStructField("small", new DeltaDecimalType(9, 2)),
            new DeltaStructField("wide", new DeltaDecimalType(20, 4)));
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Combine("types"), schema);
        await table.AppendAsync(TestData.Batch(
            ("b", new Apache.Arrow.Int8Array.Builder().Append(-1).Build()),
            ("s", new Apache.Arrow.Int16Array.Builder().Append(-2).Build()),
            ("i", TestData.Ints(-3)),
            ("l", TestData.Longs(-4)),
            ("f", new Apache.Arrow.FloatArray.Builder().Append(0.5f).Build()),
            ("d", TestData.Doubles(0.25)),
            ("flag", new Apache.Arrow.BooleanArray.Builder().Append(true).Build()),
            ("text", TestData.Strings("x")),
            ("bytes", new Apache.Arrow.BinaryArray.Builder().Append([7, 8]).Build()),
            ("date", TestData.Dates(new DateOnly(2015, 6, 3))),
            ("local", new Apache.Arrow.TimestampArray.Builder(new Apache.Arrow.Types.TimestampType(Apache.Arrow.Types.TimeUnit.Microsecond, (string?)null)).Append(new DateTimeOffset(2015, 6, 3, 12, 30, 0, TimeSpan.Zero)).Build()),
            ("small", new Apache.Arrow.Decimal128Array.Builder(new Apache.Arrow.Types.Decimal128Type(9, 2)).Append(-12.34m).Build()),
            ("wide", new Apache.Arrow.Decimal128Array.Builder(new Apache.Arrow.Types.Decimal128Type(20, 4)).Append(1234567890123.4567m).Build())));
        string path = Path.Combine(table.Path, Uri.UnescapeDataString((await table.GetSnapshotAsync()).Files.Single().Path));
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand describe = connection.CreateCommand();
        describe.CommandText = $"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet('{path}'))";
        var columns = new List<string>();
        using (var reader = describe.ExecuteReader())
        {
            while (reader.Read())
            {
                columns.Add($"{reader.GetString(0)}:{reader.GetString(1)}");
            }
        }

        using DuckDBCommand values = connection.CreateCommand();
        values.CommandText = $"SELECT CAST(COLUMNS(*) AS VARCHAR) FROM read_parquet('{path}')";
        using var row = values.ExecuteReader();
        Assert.True(row.Read());

        Assert.Equal(["b:TINYINT", "s:SMALLINT", "i:INTEGER", "l:BIGINT", "f:FLOAT", "d:DOUBLE", "flag:BOOLEAN", "text:VARCHAR", "bytes:BLOB", "date:DATE", "local:TIMESTAMP", "small:DECIMAL(9,2)", "wide:DECIMAL(20,4)"], columns);
        Assert.Equal(
            ["-1", "-2", "-3", "-4", "0.5", "0.25", "true", "x", "\\x07\\x08", "2015-06-03", "2015-06-03 12:30:00", "-12.34", "1234567890123.4567"],
            Enumerable.Range(0, row.FieldCount).Select(row.GetString));
    }

    [Fact]
    public async Task Checkpoint_ReadThroughDuckDb_ListsTheLiveFilesAndTheProtocol()
    {
        DeltaSnapshot atTen = await _table.GetSnapshotAtVersionAsync(10);
        string checkpoint = Path.Combine(_table.Path, "_delta_log", "00000000000000000010.checkpoint.parquet");
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand files = connection.CreateCommand();
        files.CommandText = $"SELECT add.path, add.size, add.partitionValues['day'], add.stats FROM read_parquet('{checkpoint}') WHERE add IS NOT NULL ORDER BY add.path";
        var added = new List<string>();
        using (var reader = files.ExecuteReader())
        {
            while (reader.Read())
            {
                added.Add($"{reader.GetString(0)}|{reader.GetInt64(1)}|{reader.GetValue(2)}|{reader.GetString(3)}");
            }
        }

        using DuckDBCommand other = connection.CreateCommand();
        other.CommandText = $"SELECT protocol.minReaderVersion, protocol.minWriterVersion, (SELECT metaData.schemaString FROM read_parquet('{checkpoint}') WHERE metaData IS NOT NULL), (SELECT txn.version FROM read_parquet('{checkpoint}') WHERE txn IS NOT NULL) FROM read_parquet('{checkpoint}') WHERE protocol IS NOT NULL";
        using var protocol = other.ExecuteReader();
        Assert.True(protocol.Read());

        Assert.Equal(atTen.Files.Select(f => $"{f.Path}|{f.Size}|{f.PartitionValues["day"]}|{f.Stats}"), added);
        Assert.Equal(1, protocol.GetInt32(0));
        Assert.Equal(2, protocol.GetInt32(1));
        Assert.Equal(atTen.Metadata.SchemaString, protocol.GetString(2));
        Assert.Equal(9, protocol.GetInt64(3));
    }

    private static string Normalize(string row)
    {
        string[] parts = row.Split('|');
        parts[1] = DateTime.Parse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal).ToString("O", CultureInfo.InvariantCulture);
        return string.Join('|', parts);
    }
}
