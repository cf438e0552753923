using DuckDB.NET.Data;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Parquet;
using Parquet.Meta;
using Parquet.Schema;

namespace PredictiveMaintenance.IO.Tests;

public sealed class ParquetTelemetryWriterTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Property(MaxTest = 150)]
    public Property WriteAsync_AnyTableToStream_ReadsBackLosslessly() =>
        Prop.ForAll(TelemetryTableGenerators.Tables().ToArbitrary(), async table =>
        {
            using var stream = new MemoryStream();
            ParquetTelemetryWriter writer = await ParquetTelemetryWriter.CreateAsync(stream, table.Schema, leaveOpen: true);
            await using (writer)
            {
                await writer.WriteAsync(table);
            }

            stream.Position = 0;
            await using var reader = new ParquetTelemetryReader(stream, null, "memory.parquet");
            TableAssert.Lossless(table, await reader.ReadAllAsync());
        });

    [Property(MaxTest = 40)]
    public Property WriteFileAsync_AnyTableInSmallRowGroups_ReadsBackLosslesslyWholeAndBatchByBatch() =>
        Prop.ForAll(TelemetryTableGenerators.Tables().ToArbitrary(), Gen.Choose(1, 9).ToArbitrary(), async (table, rowGroupRows) =>
        {
            string path = _directory.File($"{Guid.NewGuid():N}.parquet");
            await ParquetTelemetryWriter.WriteFileAsync(table, path, new ParquetTelemetryWriterOptions { RowGroupRows = rowGroupRows });

            await using (ParquetTelemetryReader reader = ParquetTelemetryReader.Open(path))
            {
                TableAssert.Lossless(table, await reader.ReadAllAsync());
            }

            var batches = new List<TelemetryBatch>();
            await using (ParquetTelemetryReader reader = ParquetTelemetryReader.Open(path))
            {
                await foreach (TelemetryBatch batch in reader.ReadBatchesAsync())
                {
                    batches.Add(batch);
                }
            }

            Assert.Equal(Math.Max(1, (table.RowCount + rowGroupRows - 1) / rowGroupRows), batches.Count);
            Assert.All(batches, b => Assert.Empty(b.Quarantine));
            TableAssert.Equal(table, batches.Count == 1 ? batches[0].Table : TelemetryTable.Concat(batches.Select(b => b.Table)));
        });

    [Fact]
    public async Task CreateAsync_SampleTable_WritesTheDocumentedLayout()
    {
        TelemetryTable table = SampleTables.Machines();
        string path = _directory.File("machines.parquet");

        await ParquetTelemetryWriter.WriteFileAsync(table, path, new ParquetTelemetryWriterOptions { RowGroupRows = 4 });

        await using ParquetReader reader = await ParquetReader.CreateAsync(path);
        Assert.Equal(2, reader.RowGroupCount);
        Assert.Equal(TelemetrySchemaMetadata.ToJson(table.Schema), reader.CustomMetadata[TelemetrySchemaMetadata.Key]);
        DataField[] fields = reader.Schema.DataFields;
        Assert.Equal(["machine", "time", "volt", "speed", "failed"], fields.Select(f => f.Name));
        Assert.Equal(typeof(ReadOnlyMemory<char>), fields[0].ClrType);
        Assert.False(fields[0].IsNullable);
        Assert.Equal((typeof(long), false), (fields[1].ClrType, fields[1].IsNullable));
        Assert.All(fields[2..], f => Assert.Equal((typeof(double), true), (f.ClrType, f.IsNullable)));
        ColumnChunk assets = reader.OpenRowGroupReader(0).GetMetadata(fields[0])!;
        Assert.Contains(Encoding.PLAIN_DICTIONARY, assets.MetaData!.Encodings);
    }

    [Fact]
    public async Task WriteAsync_SampleTable_DuckDbReadsNaNAsNullAndTimesAsMicroseconds()
    {
        TelemetryTable table = SampleTables.Machines();
        string path = _directory.File("machines.parquet");
        await ParquetTelemetryWriter.WriteFileAsync(table, path);

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText =
            $"SELECT machine, epoch_us(make_timestamp(time)), volt, typeof(make_timestamp(time)), speed FROM read_parquet('{path}', file_row_number = true) ORDER BY file_row_number";
        var rows = new List<(string, long, double?, string, double)>();
        using (var results = command.ExecuteReader())
        {
            while (results.Read())
            {
                rows.Add((results.GetString(0), results.GetInt64(1), results.IsDBNull(2) ? null : results.GetDouble(2), results.GetString(3), results.GetDouble(4)));
            }
        }

        long jan1 = SampleTables.Jan1, hour = UnixTime.MicrosecondsPerHour;
        Assert.Equal(
            [
                ("2", jan1, -0.0, "TIMESTAMP", 1200.0),
                ("2", jan1 + hour, double.PositiveInfinity, "TIMESTAMP", 1250.0),
                ("2", jan1 + (2 * hour), 165.25, "TIMESTAMP", 1250.0),
                ("10", jan1, 170.5, "TIMESTAMP", 1500.0),
                ("10", jan1 + hour, (double?)null, "TIMESTAMP", 1500.0),
            ],
            rows);
        command.CommandText = $"SELECT decode(value) FROM parquet_kv_metadata('{path}') WHERE decode(key) = '{TelemetrySchemaMetadata.Key}'";
        Assert.Equal(TelemetrySchemaMetadata.ToJson(table.Schema), command.ExecuteScalar());
    }

    [Fact]
    public async Task ReadAllAsync_FileWrittenByDuckDb_MapsInThroughTheMapping()
    {
        string path = _directory.File("duckdb.parquet");
        using (var connection = new DuckDBConnection("DataSource=:memory:"))
        {
            connection.Open();
            using DuckDBCommand command = connection.CreateCommand();
            command.CommandText =
                "COPY (SELECT (i % 3)::INTEGER AS machine, TIMESTAMP '2020-01-01' + INTERVAL (i // 3) HOUR AS ts, " +
                "CASE WHEN i = 4 THEN NULL ELSE (i * 1.5)::FLOAT END AS vibration, (i * 10)::DECIMAL(10, 2) AS pressure, 'x' AS note " +
                $"FROM range(9) t(i)) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 4)";
            command.ExecuteNonQuery();
        }

        var options = new ColumnarReadOptions
        {
            Columns = new TelemetryColumnMapping { AssetColumn = "machine", TimeColumn = "ts", IgnoredColumns = ["note"], Roles = new Dictionary<string, ChannelRole> { ["pressure"] = ChannelRole.Setting } },
        };
        await using ParquetTelemetryReader reader = ParquetTelemetryReader.Open(path, options);
        TelemetryBatch batch = await reader.ReadAllAsync();

        TelemetryTable table = batch.Table;
        Assert.Equal(9, batch.Report.AcceptedRows);
        Assert.Equal(1, batch.Report.MissingValues);
        Assert.Equal(["0", "1", "2"], table.AssetIds);
        Assert.Equal(new ChannelDefinition("pressure", ChannelRole.Setting), table.Schema.Channels[1]);
        Assert.Equal([SampleTables.Jan1 + UnixTime.MicrosecondsPerHour, SampleTables.Jan1 + (2 * UnixTime.MicrosecondsPerHour)], table.GetTimes(1)[1..].ToArray());
        Assert.Equal([1.5, double.NaN, 10.5], table.GetChannel(0, 1).ToArray());
        Assert.Equal([10.0, 40, 70], table.GetChannel(1, 1).ToArray());
    }

    [Fact]
    public async Task WriteAsync_SeveralTablesToAStreamThatCannotSeek_ReadsBackAsTheirConcatenation()
    {
        TelemetryTable first = SampleTables.Machines();
        var builder = new TelemetryTableBuilder(first.Schema);
        builder.Add("2", SampleTables.Jan1 + (3 * UnixTime.MicrosecondsPerHour), [1, 2, 3]);
        builder.Add("7", SampleTables.Jan1, [4, 5, 6]);
        TelemetryTable second = builder.Build();
        using var buffer = new MemoryStream();

        ParquetTelemetryWriter writer = await ParquetTelemetryWriter.CreateAsync(new ForwardOnlyStream(buffer), first.Schema);
        await using (writer)
        {
            await writer.WriteAsync(first);
            await writer.WriteAsync(second);
            Assert.Equal(7, writer.RowCount);
        }

        await using var reader = new ParquetTelemetryReader(new MemoryStream(buffer.ToArray()), null, "two tables");
        TableAssert.Lossless(TelemetryTable.Concat([first, second]), await reader.ReadAllAsync());
    }

    [Fact]
    public async Task WriteAsync_TableOfAnotherSchema_ThrowsNamingBoth()
    {
        TelemetryTable table = SampleTables.Machines();
        var other = new TelemetrySchema("machine", "time", "volt");
        await using ParquetTelemetryWriter writer = await ParquetTelemetryWriter.CreateAsync(new MemoryStream(), other);

        var error = await Assert.ThrowsAsync<SchemaException>(() => writer.WriteAsync(table));

        Assert.Equal(
            "the Parquet stream: a table of schema [machine, time (UtcTimestamp): volt (Sensor), speed (Setting), failed (Label)] " +
            "cannot be written to a file of schema [machine, time (UtcTimestamp): volt (Sensor)].",
            error.Message);
    }

    [Fact]
    public async Task WriteAsync_TimestampsBeyondDateTime_RoundTrip()
    {
        var builder = new TelemetryTableBuilder(new TelemetrySchema("machine", "time", "volt"));
        builder.Add("m1", long.MinValue, [1]);
        builder.Add("m1", long.MaxValue, [2]);
        TelemetryTable table = builder.Build();
        using var stream = new MemoryStream();
        ParquetTelemetryWriter writer = await ParquetTelemetryWriter.CreateAsync(stream, table.Schema, leaveOpen: true);
        await using (writer)
        {
            await writer.WriteAsync(table);
        }

        stream.Position = 0;
        await using var reader = new ParquetTelemetryReader(stream, null, "extremes");
        TableAssert.Lossless(table, await reader.ReadAllAsync());
    }

    /// <summary>
    /// Why the time column is INT64 rather than TIMESTAMP(MICROS): Parquet.Net 6.1 writes that type's statistics in
    /// milliseconds (aloneguid/parquet-dotnet#769). When this fails, Parquet.Net is fixed and the writer can annotate
    /// timestamps again.
    /// </summary>
    [Fact]
    public async Task ParquetNet_TimestampMicrosStatistics_AreStillWrittenInMilliseconds()
    {
        string path = _directory.File("micros.parquet");
        var field = new DateTimeDataField("at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros);
        await using (FileStream file = File.Create(path))
        await using (ParquetWriter writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), file))
        {
            using ParquetRowGroupWriter group = writer.CreateRowGroup();
            await group.WriteAsync<DateTime>(field, new[] { UnixTime.ToDateTime(SampleTables.Jan1) });
        }

        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT stats_min FROM parquet_metadata('{path}')";

        Assert.Equal("1970-01-19 06:17:16.8+00", command.ExecuteScalar());
    }
}
