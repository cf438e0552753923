using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using PredictiveMaintenance.IO;

namespace PredictiveMaintenance.DeltaLake.Tests.Telemetry;

public sealed class DeltaTableTelemetryTests : IDisposable
{
    private static readonly TelemetrySchema Schema = new("machineID", "datetime", TimeKind.UtcTimestamp, [new("volt"), new("rotate"), new("mode", ChannelRole.Setting)]);
    private static readonly DateTimeOffset Clock = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly long Jan1 = UnixTime.ToMicroseconds(new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task CreateAsync_TelemetrySchema_TypesTheColumnsAndRecordsTheSchema()
    {
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Combine("plain"), Schema);
        DeltaTable byDay = await DeltaTable.CreateAsync(_dir.Combine("by-day"), Schema, new DeltaTelemetryCreateOptions { PartitionByDay = true, Name = "telemetry" });
        DeltaSnapshot plain = await table.GetSnapshotAsync();
        DeltaSnapshot partitioned = await byDay.GetSnapshotAsync();

        Assert.Equal(
            "struct<machineID:string,datetime:timestamp,volt:double,rotate:double,mode:double>",
            plain.Schema.ToString());
        Assert.Equal([false, false, true, true, true], plain.Schema.Fields.Select(f => f.Nullable));
        Assert.Equal(new DeltaProtocol(1, 2), plain.Protocol);
        Assert.Empty(plain.PartitionColumns);
        Assert.Equal(
            """{"version":1,"assetColumn":"machineID","timeColumn":"datetime","timeKind":"UtcTimestamp","channels":[{"name":"volt","role":"Sensor"},{"name":"rotate","role":"Sensor"},{"name":"mode","role":"Setting"}]}""",
            plain.Metadata.Configuration[TelemetrySchemaMetadata.Key]);
        Assert.Equal(Schema, plain.TelemetrySchema);
        Assert.Equal("struct<machineID:string,datetime:timestamp,volt:double,rotate:double,mode:double,day:date>", partitioned.Schema.ToString());
        Assert.Equal(["day"], partitioned.PartitionColumns);
        Assert.Equal("day", partitioned.Metadata.Configuration["predictive-maintenance.telemetry-day-column"]);
        Assert.Equal("telemetry", partitioned.Metadata.Name);
        Assert.Equal(Schema, partitioned.TelemetrySchema);
    }

    [Fact]
    public async Task CreateAsync_CycleTableByDayOrDayColumnTaken_Refuses()
    {
        var cycles = new TelemetrySchema("unit", "cycle", TimeKind.Cycle, [new("s1")]);

        SchemaException noDays = await Assert.ThrowsAsync<SchemaException>(() =>
            DeltaTable.CreateAsync(_dir.Combine("cycles"), cycles, new DeltaTelemetryCreateOptions { PartitionByDay = true }));
        SchemaException taken = await Assert.ThrowsAsync<SchemaException>(() =>
            DeltaTable.CreateAsync(_dir.Combine("taken"), Schema, new DeltaTelemetryCreateOptions { PartitionByDay = true, DayColumn = "volt" }));

        Assert.Equal($"Telemetry of schema [unit, cycle (Cycle): s1 (Sensor)] counts cycles, so it has no days to partition '{_dir.Combine("cycles")}' by; create it without PartitionByDay.", noDays.Message);
        Assert.Equal(
            $"The day column 'volt' of '{_dir.Combine("taken")}' is also a column of the telemetry schema [machineID, datetime (UtcTimestamp): volt (Sensor), rotate (Sensor), mode (Setting)]; choose another DayColumn.",
            taken.Message);
        Assert.False(DeltaTable.Exists(_dir.Combine("cycles")));
    }

    [Fact]
    public async Task AppendAsync_MissingReadings_AreNullsForSqlEnginesAndKeepTheFileBounds()
    {
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Path, Schema);
        TelemetryTable data = Hourly(0, 10);

        await table.AppendAsync(data);
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();
        DeltaAddFile file = Assert.Single(snapshot.Files);
        using JsonDocument stats = JsonDocument.Parse(file.Stats!);
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), count(volt), min(volt), epoch_us(max(datetime)) FROM read_parquet('{Path.Combine(table.Path, file.Path)}')";
        using DuckDBDataReader reader = command.ExecuteReader();
        Assert.True(reader.Read());

        Assert.Equal((20L, 18L, 171.0), (reader.GetInt64(0), reader.GetInt64(1), reader.GetDouble(2)));
        Assert.Equal(Jan1 + (9 * UnixTime.MicrosecondsPerHour), reader.GetInt64(3));
        Assert.Equal(2, stats.RootElement.GetProperty("nullCount").GetProperty("volt").GetInt64());
        Assert.Equal(171.0, stats.RootElement.GetProperty("minValues").GetProperty("volt").GetDouble());
        Assert.Equal("1", stats.RootElement.GetProperty("minValues").GetProperty("machineID").GetString());
        Assert.Equal("2015-01-01T09:00:00.000000Z", stats.RootElement.GetProperty("maxValues").GetProperty("datetime").GetString());
    }

    [Fact]
    public async Task ReadTelemetryAsync_TableCreatedFromTelemetry_ReadsBackAsWrittenWithoutAMapping()
    {
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Path, Schema);
        TelemetryTable data = Hourly(0, 10);
        await table.AppendAsync(data);

        TelemetryBatch read = await (await table.GetSnapshotAsync()).ReadTelemetryAsync();

        Assert.Equal(Schema, read.Table.Schema);
        Assert.Equal((20L, 0L, 2L), (read.Report.AcceptedRows, read.Report.QuarantinedRows, read.Report.MissingValues));
        Assert.Equal(data.AssetIds, read.Table.AssetIds);
        Assert.Equal(data.Times.ToArray(), read.Table.Times.ToArray());
        Assert.Equal(data.GetChannel("volt").ToArray(), read.Table.GetChannel("volt").ToArray());
        Assert.Equal(data.GetChannel("mode").ToArray(), read.Table.GetChannel("mode").ToArray());
    }

    [Fact]
    public async Task AppendAsync_SameApplicationVersionTwice_WritesTheBatchOnce()
    {
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Path, Schema);
        var batch7 = new DeltaWriteOptions { ApplicationId = "ingest", ApplicationVersion = 7 };

        DeltaCommitResult first = await table.AppendAsync(Hourly(0, 10), batch7);
        DeltaCommitResult again = await table.AppendAsync(Hourly(0, 10), batch7);
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();
        TelemetryBatch read = await snapshot.ReadTelemetryAsync();

        Assert.Equal(new DeltaCommitResult(1, 1, 0, 20, 0), first);
        Assert.True(again.Skipped);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(7, snapshot.Transactions["ingest"]);
        Assert.Equal((20, 0), (read.Table.RowCount, read.Quarantine.Count));
    }

    [Fact]
    public async Task AppendAsync_SameRowsWithoutApplicationVersion_ReadQuarantinesTheDuplicates()
    {
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Path, Schema);
        await table.AppendAsync(Hourly(0, 10));
        await table.AppendAsync(Hourly(5, 10));

        TelemetryBatch read = await (await table.GetSnapshotAsync()).ReadTelemetryAsync();

        Assert.Equal((40L, 30, 10), (read.Report.InputRows, read.Table.RowCount, read.Quarantine.Count));
        Assert.All(read.Quarantine, q => Assert.Equal(QuarantineReason.Duplicate, q.Reason));
    }

    [Fact]
    public async Task ReadTelemetryAsync_SnapshotsByVersionAndTime_HoldTheRowsOfThatVersion()
    {
        var clock = new ManualClock(Clock);
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Path, Schema, options: new DeltaTableOptions { TimeProvider = clock });
        clock.Advance(TimeSpan.FromHours(1));
        await table.AppendAsync(Hourly(0, 24));
        clock.Advance(TimeSpan.FromHours(1));
        await table.AppendAsync(Hourly(24, 24));

        TelemetryBatch latest = await (await table.GetSnapshotAsync()).ReadTelemetryAsync();
        TelemetryBatch first = await (await table.GetSnapshotAtVersionAsync(1)).ReadTelemetryAsync();
        TelemetryBatch atTime = await (await table.GetSnapshotAtTimeAsync(Clock.AddMinutes(90))).ReadTelemetryAsync();

        Assert.Equal(96, latest.Table.RowCount);
        Assert.Equal(48, first.Table.RowCount);
        Assert.Equal(Jan1 + (23 * UnixTime.MicrosecondsPerHour), first.Table.GetTimes(0)[^1]);
        Assert.Equal(first.Table.Times.ToArray(), atTime.Table.Times.ToArray());
    }

    [Fact]
    public async Task GetLatestTimestamp_TwoAppends_IsTheLastReadingFromTheStatisticsAlone()
    {
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Path, Schema);
        DeltaSnapshot empty = await table.GetSnapshotAsync();
        await table.AppendAsync(Hourly(24, 24));
        await table.AppendAsync(Hourly(0, 24));
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();

        DateTimeOffset? latest = snapshot.GetLatestTimestamp("datetime");

        Assert.Null(empty.GetLatestTimestamp("datetime"));

        // The bound is the statistics' maximum, widened by the 999 µs a writer that truncates to milliseconds may hide.
        Assert.Equal(new DateTimeOffset(2015, 1, 2, 23, 0, 0, TimeSpan.Zero).AddTicks(999 * 10), latest);
    }

    [Fact]
    public async Task GetLatestTimestamp_NotATimestamp_FailsNamingTheColumnAndType()
    {
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Path, Schema);
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();

        var notTime = Assert.Throws<SchemaException>(() => snapshot.GetLatestTimestamp("volt"));
        var missing = Assert.Throws<SchemaException>(() => snapshot.GetLatestTimestamp("when"));

        Assert.Equal($"Column 'volt' of '{snapshot.TableRoot}' is double, not a timestamp.", notTime.Message);
        Assert.StartsWith($"Column 'when' is not in the schema of '{snapshot.TableRoot}'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadTelemetryAsync_ChannelsAndTimeFilter_ReadsThoseChannelsOfTheFilesThatMayMatch()
    {
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Path, Schema);
        await table.AppendAsync(Hourly(0, 24));
        await table.AppendAsync(Hourly(24, 24));
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();
        DeltaPredicate secondDay = DeltaPredicate.GreaterThanOrEqual("datetime", new DateTime(2015, 1, 2, 0, 0, 0, DateTimeKind.Utc));

        TelemetryBatch read = await snapshot.ReadTelemetryAsync(new DeltaTelemetryReadOptions { Channels = ["mode", "volt"], Filter = secondDay });

        Assert.Single(snapshot.GetFiles(secondDay));
        Assert.Equal(new TelemetrySchema("machineID", "datetime", TimeKind.UtcTimestamp, [new("mode", ChannelRole.Setting), new("volt")]), read.Table.Schema);
        Assert.Equal(48, read.Table.RowCount);
        Assert.Equal(Jan1 + (24 * UnixTime.MicrosecondsPerHour), read.Table.GetTimes(0)[0]);
        Assert.Equal(Hourly(24, 24).GetChannel("mode").ToArray(), read.Table.GetChannel("mode").ToArray());
    }

    [Fact]
    public async Task ReadTelemetryAsync_UnknownChannel_RefusesListingTheChannels()
    {
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Path, Schema);

        SchemaException error = await Assert.ThrowsAsync<SchemaException>(async () =>
            await (await table.GetSnapshotAsync()).ReadTelemetryAsync(new DeltaTelemetryReadOptions { Channels = ["temperature"] }));

        Assert.Equal("Channel 'temperature' is not in the schema; its channels are 'volt', 'rotate', 'mode'.", error.Message);
    }

    [Fact]
    public async Task AppendAsync_PartitionedByDay_WritesAFilePerDayThatDayFiltersPrune()
    {
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Path, Schema, new DeltaTelemetryCreateOptions { PartitionByDay = true });
        await table.AppendAsync(Hourly(12, 36));
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();

        TelemetryBatch day2 = await snapshot.ReadTelemetryAsync(new DeltaTelemetryReadOptions { Filter = DeltaPredicate.Equal("day", new DateOnly(2015, 1, 2)) });

        Assert.Equal(["2015-01-01", "2015-01-02"], snapshot.Files.Select(f => f.PartitionValues["day"]));
        Assert.Equal([24L, 48L], snapshot.Files.Select(f => f.RecordCount!.Value));
        Assert.Equal(48, day2.Table.RowCount);
        Assert.Equal(Jan1 + (24 * UnixTime.MicrosecondsPerHour), day2.Table.Times[0]);
        Assert.Equal(Schema, day2.Table.Schema);
    }

    [Fact]
    public async Task OverwriteAsync_OneDay_ReplacesOnlyThatDaysRows()
    {
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Path, Schema, new DeltaTelemetryCreateOptions { PartitionByDay = true });
        await table.AppendAsync(Hourly(0, 48));
        TelemetryTable corrected = Hourly(24, 12, machines: 1);

        DeltaCommitResult result = await table.OverwriteAsync(corrected, DeltaPredicate.Equal("day", new DateOnly(2015, 1, 2)));
        TelemetryBatch read = await (await table.GetSnapshotAsync()).ReadTelemetryAsync();

        Assert.Equal((1, 1, 12L), (result.FilesAdded, result.FilesRemoved, result.RowsWritten));
        Assert.Equal(24 + 24 + 12, read.Table.RowCount);
        Assert.Equal(36, read.Table.GetTimes(0).Length);
        Assert.Equal(24, read.Table.GetTimes(1).Length);
    }

    [Fact]
    public async Task ReadTelemetryAsync_TableWithoutTelemetrySchema_NeedsAMappingAndIsCleaned()
    {
        var schema = new DeltaStructType(
            new DeltaStructField("machine", DeltaPrimitiveType.String, nullable: false),
            new DeltaStructField("at", DeltaPrimitiveType.Timestamp),
            new DeltaStructField("volt", DeltaPrimitiveType.Double),
            new DeltaStructField("site", DeltaPrimitiveType.String));
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Path, schema, new DeltaCreateOptions { PartitionColumns = ["site"] });
        await table.AppendAsync(TestData.Batch(
            ("machine", TestData.Strings("m2", "m1", "m1")),
            ("at", TestData.Timestamps(Jan1, Jan1 + 1, Jan1)),
            ("volt", TestData.Doubles(1.5, double.NaN, 2.5)),
            ("site", TestData.Strings("north", "north", "south"))));
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();

        SchemaException unmapped = await Assert.ThrowsAsync<SchemaException>(() => snapshot.ReadTelemetryAsync());
        TelemetryBatch read = await snapshot.ReadTelemetryAsync(new DeltaTelemetryReadOptions
        {
            Columns = new TelemetryColumnMapping { AssetColumn = "machine", TimeColumn = "at", Channels = [new ChannelMapping("volt", "voltage")] },
        });

        Assert.Equal(
            $"Delta table '{_dir.Path}' at version 1 records no telemetry schema (it was not created from a TelemetrySchema); set DeltaTelemetryReadOptions.Columns to say which of its columns (machine, at, volt, site) are the asset, the time and the channels.",
            unmapped.Message);
        Assert.Null(snapshot.TelemetrySchema);
        Assert.Equal(new TelemetrySchema("machine", "at", "voltage"), read.Table.Schema);
        Assert.Equal(["m1", "m2"], read.Table.AssetIds);
        Assert.Equal([Jan1, Jan1], read.Table.Times.ToArray());
        Assert.Equal([2.5, 1.5], read.Table.GetChannel("voltage").ToArray());
        QuarantinedRow nan = Assert.Single(read.Quarantine);
        Assert.Equal(QuarantineReason.NonFiniteValue, nan.Reason);
    }

    [Fact]
    public async Task AppendAsync_OtherTimeKindOrRole_RefusesNamingBothSchemas()
    {
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Path, Schema);
        var cycles = new TelemetrySchema("machineID", "datetime", TimeKind.Cycle, Schema.Channels);
        var relabelled = Schema.WithChannels([new("volt"), new("rotate"), new("mode", ChannelRole.Label)]);

        SchemaException kind = await Assert.ThrowsAsync<SchemaException>(() => table.AppendAsync(TelemetryTable.Empty(cycles)));
        SchemaException role = await Assert.ThrowsAsync<SchemaException>(() => table.AppendAsync(TelemetryTable.Empty(relabelled)));

        Assert.Equal(
            $"Telemetry of schema [machineID, datetime (Cycle): volt (Sensor), rotate (Sensor), mode (Setting)] cannot be written to '{_dir.Path}', which holds telemetry of schema [machineID, datetime (UtcTimestamp): volt (Sensor), rotate (Sensor), mode (Setting)]: the asset column, the time column and the time kind must be the same.",
            kind.Message);
        Assert.EndsWith(": channel 'mode' is a Setting in the table but a Label in the data.", role.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await table.GetSnapshotAsync()).Version);
    }

    [Fact]
    public async Task AppendAsync_NewChannel_NeedsMergeSchemaAndThenExtendsTheRecordedSchema()
    {
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Path, Schema);
        await table.AppendAsync(Hourly(0, 2));
        TelemetrySchema wider = Schema.WithChannels([.. Schema.Channels, new("vibration")]);
        TelemetryTable withVibration = Hourly(2, 2, wider);

        SchemaException refused = await Assert.ThrowsAsync<SchemaException>(() => table.AppendAsync(withVibration));
        DeltaCommitResult merged = await table.AppendAsync(withVibration, new DeltaWriteOptions { MergeSchema = true });
        DeltaSnapshot snapshot = await table.GetSnapshotAsync();
        TelemetryBatch read = await snapshot.ReadTelemetryAsync();

        Assert.EndsWith(": the table has no channel 'vibration'; set MergeSchema to add it.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, merged.Version);
        Assert.Equal(wider, snapshot.TelemetrySchema);
        Assert.Equal("double", snapshot.Schema.FindField("vibration")!.Type.ToString());
        Assert.Equal(wider, read.Table.Schema);
        Assert.Equal([double.NaN, double.NaN, 402.0, 402.5], read.Table.GetChannel(wider.GetIndex("vibration"), 0).ToArray());
    }

    [Fact]
    public async Task AppendAsync_FewerChannels_WritesTheOthersAsMissing()
    {
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Path, Schema);
        TelemetrySchema voltOnly = Schema.WithChannels([new("volt")]);

        await table.AppendAsync(Hourly(0, 3, voltOnly));
        TelemetryBatch read = await (await table.GetSnapshotAsync()).ReadTelemetryAsync();

        Assert.Equal(Schema, read.Table.Schema);
        Assert.Equal([171 + (0 / 10.0), 171 + (1 / 10.0), 171 + (2 / 10.0)], read.Table.GetChannel(Schema.GetIndex("volt"), 0).ToArray());
        Assert.All(read.Table.GetChannel("rotate").ToArray(), v => Assert.True(double.IsNaN(v)));
        Assert.Equal(12, read.Report.MissingValues);
    }

    [Fact]
    public async Task AppendAsync_TimestampBeyondYear9999_RefusesNamingTheAssetAndWritesNothing()
    {
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Path, Schema);
        var builder = new TelemetryTableBuilder(Schema);
        builder.Add("1", Jan1, [1, 2, 3]);
        builder.Add("7", UnixTime.MaxMicroseconds + 1, [1, 2, 3]);

        SchemaException error = await Assert.ThrowsAsync<SchemaException>(() => table.AppendAsync(builder.Build()));

        Assert.Equal(
            $"Asset '7' has a reading at 253402300800000000 µs since 1970, which '{_dir.Path}' cannot hold: a Delta timestamp ('datetime') lies between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999999Z.",
            error.Message);
        Assert.Equal(0, (await table.GetSnapshotAsync()).Version);
        Assert.Equal([Path.Combine(_dir.Path, "_delta_log")], Directory.GetFileSystemEntries(_dir.Path));
    }

    [Fact]
    public async Task OpenOrCreateAsync_AbsentThenPresent_CreatesOnceAndOpensAfterwards()
    {
        string path = _dir.Combine("lake", "telemetry");

        DeltaTable created = await DeltaTable.OpenOrCreateAsync(path, Schema, new DeltaTelemetryCreateOptions { PartitionByDay = true });
        await created.AppendAsync(Hourly(0, 2));
        DeltaTable opened = await DeltaTable.OpenOrCreateAsync(path, Schema);
        DeltaSnapshot snapshot = await opened.GetSnapshotAsync();

        Assert.Equal(created.Path, opened.Path);
        Assert.Equal(1, snapshot.Version);
        Assert.Equal(["day"], snapshot.PartitionColumns);
    }

    [Fact]
    public async Task OpenOrCreateAsync_ManyWritersAtOnce_AllAppendToOneTable()
    {
        string path = _dir.Combine("shared");

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            DeltaTable table = await DeltaTable.OpenOrCreateAsync(path, Schema);
            await table.AppendAsync(Hourly(i * 10, 10), new DeltaWriteOptions { ApplicationId = $"writer-{i}", ApplicationVersion = 0 });
        })));
        DeltaSnapshot snapshot = await DeltaTable.Open(path).GetSnapshotAsync();

        Assert.Equal(4, snapshot.Version);
        Assert.Equal(80L, snapshot.RowCount);
        Assert.Equal(80, (await snapshot.ReadTelemetryAsync()).Table.RowCount);
    }

    [Fact]
    public async Task WriteParquetFileAsync_PartitionedTable_WritesEveryColumnUnderItsNameForDuckDb()
    {
        DeltaTable table = await DeltaTable.CreateAsync(_dir.Combine("table"), Schema, new DeltaTelemetryCreateOptions { PartitionByDay = true });
        await table.AppendAsync(Hourly(0, 48));
        string file = _dir.Combine("export.parquet");

        await (await table.GetSnapshotAsync()).WriteParquetFileAsync(file, new DeltaScanOptions { Columns = ["day", "machineID", "datetime", "volt"] });
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT CAST(day AS VARCHAR), count(*), count(volt), CAST(min(datetime) AS VARCHAR) FROM read_parquet('{file}') WHERE datetime >= TIMESTAMPTZ '2015-01-01 12:00:00+00' GROUP BY day ORDER BY day";
        var rows = new List<string>();
        using (DuckDBDataReader reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetString(0)} {reader.GetInt64(1)} {reader.GetInt64(2)} {reader.GetString(3)}"));
            }
        }

        Assert.Equal(["2015-01-01 24 21 2015-01-01 12:00:00+00", "2015-01-02 48 44 2015-01-02 00:00:00+00"], rows);
    }

    /// <summary>
    /// Machines 1..<paramref name="machines"/> hourly from 2015-01-01 plus <paramref name="firstHour"/> hours: volt
    /// 170 + machine + hour / 10 (missing for machine 2 every fifth hour from hour 3), rotate 400 + machine + hour / 2,
    /// mode hour % 3, and any further channel the same as rotate.
    /// </summary>
    private static TelemetryTable Hourly(int firstHour, int hours, TelemetrySchema? schema = null, int machines = 2)
    {
        schema ??= Schema;
        var builder = new TelemetryTableBuilder(schema);
        double[] values = new double[schema.Channels.Count];
        for (int machine = 1; machine <= machines; machine++)
        {
            for (int hour = firstHour; hour < firstHour + hours; hour++)
            {
                for (int c = 0; c < values.Length; c++)
                {
                    double rotate = 400 + machine + (hour / 2.0);
                    values[c] = schema.Channels[c].Name switch
                    {
                        "volt" => machine == 2 && hour % 5 == 3 ? double.NaN : 170 + machine + (hour / 10.0),
                        "rotate" => rotate,
                        "mode" => hour % 3,
                        _ => rotate,
                    };
                }

                builder.Add(machine.ToString(CultureInfo.InvariantCulture), Jan1 + (hour * UnixTime.MicrosecondsPerHour), values);
            }
        }

        return builder.Build();
    }
}
