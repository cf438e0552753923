using System.IO.Compression;
using System.Text;
using static PredictiveMaintenance.IO.Tests.TestData;

namespace PredictiveMaintenance.IO.Tests.Text;

public class DelimitedTelemetryReaderTests
{
    private const string Header = "datetime,machineID,volt,rotate,pressure,vibration\n";

    private static long Micros(int year, int month, int day, int hour = 0) =>
        UnixTime.ToMicroseconds(new DateTime(year, month, day, hour, 0, 0, DateTimeKind.Utc));

    [Fact]
    public async Task ReadAllAsync_UnsortedRows_SortsByMachineThenTimeWithExactValues()
    {
        TelemetryBatch batch = await ReadAsync(
            Header +
            "2015-01-01 07:00:00,10,162.87922289706,402.747489565395,95.4605253823187,43.4139726834815\n" +
            "2015-01-01 06:00:00,10,176.217853015625,418.504078221616,113.077935462083,45.0876857639276\n" +
            "2015-01-01 06:00:00,2,1e2,-0.5,7,8\n",
            AzureOptions());

        AssertReconciled(batch, 3);
        TelemetryTable table = batch.Table;
        Assert.Equal(new TelemetrySchema("machineID", "datetime", "volt", "rotate", "pressure", "vibration"), table.Schema);
        Assert.Equal(["2", "10"], table.AssetIds);
        Assert.Equal([Micros(2015, 1, 1, 6), Micros(2015, 1, 1, 6), Micros(2015, 1, 1, 7)], table.Times.ToArray());
        Assert.Equal([100, 176.217853015625, 162.87922289706], table.GetChannel("volt").ToArray());
        Assert.Equal(45.0876857639276, table.GetChannel("vibration")[1]);
        Assert.Equal(1, batch.Report.ReorderedRows);
    }

    [Fact]
    public async Task ReadAllAsync_TruncatedLastLine_QuarantinesItWithLineAndText()
    {
        TelemetryBatch batch = await ReadAsync(Header + "2015-01-01 06:00:00,1,1,2,3,4\n2015-01-01 07:00:00,1,1.5,2", AzureOptions());

        AssertReconciled(batch, 2);
        QuarantinedRow row = Assert.Single(batch.Quarantine);
        Assert.Equal(new QuarantinedRow(new SourcePosition("test.csv", 3), QuarantineReason.WrongFieldCount, "expected 6 fields, found 4", "2015-01-01 07:00:00,1,1.5,2"), row);
    }

    [Fact]
    public async Task ReadAllAsync_ExtraField_QuarantinesWrongFieldCount()
    {
        TelemetryBatch batch = await ReadAsync(Header + "2015-01-01 06:00:00,1,1,2,3,4,5\n", AzureOptions());
        AssertReconciled(batch, 1);
        Assert.Equal("expected 6 fields, found 7", Assert.Single(batch.Quarantine).Detail);
    }

    [Fact]
    public async Task ReadAllAsync_WrongDelimiter_ThrowsNamingFileLineAndLikelyDelimiter()
    {
        var error = await Assert.ThrowsAsync<SchemaException>(() => ReadAsync(
            "datetime;machineID;volt;rotate;pressure;vibration\n2015-01-01 06:00:00;1;1;2;3;4\n", AzureOptions(), "PdM_telemetry.csv"));

        Assert.Equal(
            "PdM_telemetry.csv, line 1: the asset column 'machineID' is not in the source; it has columns 'datetime;machineID;volt;rotate;pressure;vibration'. " +
            "The line has one field but contains ';': is the delimiter ';' rather than ,?",
            error.Message);
    }

    [Fact]
    public async Task ReadAllAsync_WrongDelimiterWithoutHeader_ThrowsNamingPositions()
    {
        var options = new DelimitedTextOptions
        {
            HasHeader = false,
            Delimiter = FieldDelimiter.Comma,
            Columns = CmapssDataset.Columns,
        };

        var error = await Assert.ThrowsAsync<SchemaException>(() => ReadAsync("1 1 -0.0007 -0.0004 100.0\n", options, "train_FD001.txt"));

        Assert.Equal(
            "train_FD001.txt, line 1: the time column #1 is not in the source; it has 1 unnamed column(s). " +
            "The line has one field but contains whitespace: is the delimiter whitespace rather than ,?",
            error.Message);
    }

    [Theory]
    [InlineData("NaN", "NaN")]
    [InlineData("nan", "NaN")]
    [InlineData("inf", "Infinity")]
    [InlineData("-Infinity", "-Infinity")]
    public async Task ReadAllAsync_NonFiniteValue_QuarantinesWithColumn(string written, string shown)
    {
        TelemetryBatch batch = await ReadAsync(Header + $"2015-01-01 06:00:00,1,1,{written},3,4\n2015-01-01 07:00:00,1,1,2,3,4\n", AzureOptions());

        AssertReconciled(batch, 2);
        Assert.Equal(1, batch.Table.RowCount);
        Assert.Equal(
            new QuarantinedRow(new SourcePosition("test.csv", 2, 4, "rotate"), QuarantineReason.NonFiniteValue, $"{shown} is not a finite number", $"2015-01-01 06:00:00,1,1,{written},3,4"),
            Assert.Single(batch.Quarantine));
    }

    [Fact]
    public async Task ReadAllAsync_NonFiniteTreatedAsMissing_AcceptsAndCounts()
    {
        var quality = new DataQualityOptions { TimeProvider = Clock, NonFiniteValues = NonFiniteValuePolicy.TreatAsMissing };
        TelemetryBatch batch = await ReadAsync(Header + "2015-01-01 06:00:00,1,NaN,inf,,4\n", AzureOptions(quality));

        AssertReconciled(batch, 1);
        Assert.Equal(3, batch.Report.MissingValues);
        Assert.True(double.IsNaN(batch.Table.GetChannel("volt")[0]));
        Assert.True(double.IsNaN(batch.Table.GetChannel("rotate")[0]));
        Assert.True(double.IsNaN(batch.Table.GetChannel("pressure")[0]));
    }

    [Fact]
    public async Task ReadAllAsync_EmptyField_IsMissingNotBad()
    {
        TelemetryBatch batch = await ReadAsync(Header + "2015-01-01 06:00:00,1,, ,3,4\n", AzureOptions());

        AssertReconciled(batch, 1);
        Assert.Empty(batch.Quarantine);
        Assert.Equal(2, batch.Report.MissingValues);
        Assert.True(double.IsNaN(batch.Table.GetChannel("volt")[0]));
    }

    [Fact]
    public async Task ReadAllAsync_DuplicateTimestamps_KeepsFirstAndQuarantinesTheRest()
    {
        TelemetryBatch batch = await ReadAsync(
            Header +
            "2015-01-01 06:00:00,1,1,1,1,1\n" +
            "2015-01-01 07:00:00,1,2,2,2,2\n" +
            "2015-01-01 06:00:00,1,3,3,3,3\n" +
            "2015-01-01 06:00:00,2,4,4,4,4\n",
            AzureOptions());

        AssertReconciled(batch, 4);
        Assert.Equal([1.0, 2, 4], batch.Table.GetChannel("volt").ToArray());
        Assert.Equal(
            new QuarantinedRow(new SourcePosition("test.csv", 4, 1, "datetime"), QuarantineReason.Duplicate, "asset '1' at 2015-01-01T06:00:00Z was already read at line 2"),
            Assert.Single(batch.Quarantine));
    }

    [Fact]
    public async Task ReadAllAsync_LateDuplicateWithMissingValue_CountsOnlyAcceptedRows()
    {
        TelemetryBatch batch = await ReadAsync(
            Header + "2015-01-01 06:00:00,1,1,1,1,1\n2015-01-01 07:00:00,1,2,2,2,2\n2015-01-01 06:00:00,1,,3,3,3\n2015-01-01 05:00:00,1,,4,4,4\n", AzureOptions());

        AssertReconciled(batch, 4);
        Assert.Equal(QuarantineReason.Duplicate, Assert.Single(batch.Quarantine).Reason);
        Assert.Equal((1, 1), (batch.Report.ReorderedRows, batch.Report.MissingValues));
    }

    [Fact]
    public async Task ReadAllAsync_OutOfOrderUnderQuarantinePolicy_QuarantinesLateRows()
    {
        var quality = new DataQualityOptions { TimeProvider = Clock, OutOfOrder = OutOfOrderPolicy.Quarantine };
        TelemetryBatch batch = await ReadAsync(
            Header + "2015-01-01 08:00:00,1,1,1,1,1\n2015-01-01 06:00:00,1,2,2,2,2\n2015-01-01 09:00:00,1,3,3,3,3\n", AzureOptions(quality));

        AssertReconciled(batch, 3);
        Assert.Equal([1.0, 3], batch.Table.GetChannel("volt").ToArray());
        Assert.Equal(
            new QuarantinedRow(new SourcePosition("test.csv", 3, 1, "datetime"), QuarantineReason.OutOfOrder, "asset '1' at 2015-01-01T06:00:00Z comes after a reading at 2015-01-01T08:00:00Z", "2015-01-01 06:00:00,1,2,2,2,2"),
            Assert.Single(batch.Quarantine));
        Assert.Equal(0, batch.Report.ReorderedRows);
    }

    [Theory]
    [InlineData("2015-13-01 06:00:00")]
    [InlineData("2015-02-29 06:00:00")]
    [InlineData("2015-01-01 24:00:00")]
    [InlineData("2015-01-01 06:00:60")]
    [InlineData("01/01/2015 06:00")]
    [InlineData("yesterday")]
    [InlineData("2015-01-01 06:00:00+25:00")]
    [InlineData("")]
    public async Task ReadAllAsync_UnparsableTimestamp_QuarantinesWithColumn(string timestamp)
    {
        TelemetryBatch batch = await ReadAsync(Header + $"{timestamp},1,1,2,3,4\n", AzureOptions());

        AssertReconciled(batch, 1);
        Assert.Equal(
            new QuarantinedRow(new SourcePosition("test.csv", 2, 1, "datetime"), QuarantineReason.UnparsableTime, $"'{timestamp}' is not a timestamp in the format iso", $"{timestamp},1,1,2,3,4"),
            Assert.Single(batch.Quarantine));
    }

    [Fact]
    public async Task ReadAllAsync_UnparsableNumber_QuarantinesWithColumn()
    {
        TelemetryBatch batch = await ReadAsync(Header + "2015-01-01 06:00:00,1,1,2,\"3,5\",4\n", AzureOptions());

        AssertReconciled(batch, 1);
        QuarantinedRow row = Assert.Single(batch.Quarantine);
        Assert.Equal((new SourcePosition("test.csv", 2, 5, "pressure"), QuarantineReason.UnparsableValue, "'3,5' is not a number"), (row.Position, row.Reason, row.Detail));
    }

    [Fact]
    public async Task ReadAllAsync_ByteOrderMarkAndCrlf_ReadsCleanNamesAndValues()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("datetime,machineID,volt\r\n2015-01-01 06:00:00,1,1.5\r\n2015-01-01 07:00:00,1,2.5\n2015-01-01 08:00:00,1,3.5\r\n")];
        TelemetryBatch batch = await ReadAsync(bytes, AzureOptions());

        AssertReconciled(batch, 3);
        Assert.Equal("datetime", batch.Table.Schema.TimeColumn);
        Assert.Equal([1.5, 2.5, 3.5], batch.Table.GetChannel("volt").ToArray());
    }

    [Fact]
    public async Task ReadAllAsync_EmptyInput_ThrowsNamingFile()
    {
        var error = await Assert.ThrowsAsync<DataQualityException>(() => ReadAsync("", AzureOptions(), "empty.csv"));
        Assert.Equal("empty.csv, line 1: the input is empty: expected a header line", error.Message);
        Assert.Equal(new SourcePosition("empty.csv", 1), error.Position);
        await Assert.ThrowsAsync<DataQualityException>(() => ReadAsync("\n\r\n  \n", AzureOptions()));
    }

    [Fact]
    public async Task ReadAllAsync_HeaderOnly_GivesEmptyTableWithSchema()
    {
        TelemetryBatch batch = await ReadAsync(Header, AzureOptions());

        AssertReconciled(batch, 0);
        Assert.Equal(4, batch.Table.Schema.Channels.Count);
        Assert.Equal(0, batch.Table.RowCount);
    }

    [Fact]
    public async Task ReadAllAsync_BlankLines_AreCountedButAreNotRows()
    {
        TelemetryBatch batch = await ReadAsync("\n" + Header + "\n2015-01-01 06:00:00,1,1,2,3,4\n   \r\n\n", AzureOptions());

        AssertReconciled(batch, 1);
        Assert.Equal(4, batch.Report.BlankLines);
    }

    [Fact]
    public async Task ReadAllAsync_QuotedFieldsWithDelimiterAndLineBreak_KeepLineNumbersRight()
    {
        TelemetryBatch batch = await ReadAsync(
            "datetime,machineID,volt\n" +
            "2015-01-01 06:00:00,\"pump, \"\"north\"\"\",1\n" +
            "2015-01-01 06:00:00,\"two\nlines\",2\n" +
            "2015-01-01 07:00:00,\"pump, \"\"north\"\"\",oops\n",
            AzureOptions());

        AssertReconciled(batch, 3);
        Assert.Equal(["pump, \"north\"", "two\nlines"], batch.Table.AssetIds);
        Assert.Equal(new SourcePosition("test.csv", 5, 3, "volt"), Assert.Single(batch.Quarantine).Position);
    }

    [Fact]
    public async Task ReadAllAsync_UnclosedQuote_ThrowsNamingLineAndColumn()
    {
        var error = await Assert.ThrowsAsync<DataQualityException>(() => ReadAsync(
            "datetime,machineID,volt\n2015-01-01 06:00:00,1,1\n2015-01-01 07:00:00,\"1,2\n2015-01-01 08:00:00,1,3\n", AzureOptions(), "a.csv"));
        Assert.Equal("a.csv, line 3, column 2: a quoted field is not closed before the end of the input", error.Message);
    }

    [Fact]
    public async Task ReadAllAsync_Utf16Input_ThrowsSayingSo()
    {
        var error = await Assert.ThrowsAsync<DataQualityException>(() => ReadAsync(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Header)).ToArray(), AzureOptions()));
        Assert.Equal("test.csv, line 1: the text is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8", error.Message);
    }

    [Fact]
    public async Task ReadAllAsync_BinaryGarbage_ThrowsInsteadOfReadingRows()
    {
        byte[] garbage = new byte[4096];
        new Random(7).NextBytes(garbage);
        garbage[0] = 0xC3;
        garbage[1] = 0x28;
        await Assert.ThrowsAnyAsync<PredictiveMaintenanceException>(() => ReadAsync(garbage, AzureOptions()));
    }

    [Fact]
    public async Task ReadAllAsync_InvalidUtf8AssetId_QuarantinesIt()
    {
        byte[] bytes = [.. Encoding.UTF8.GetBytes(Header + "2015-01-01 06:00:00,"), 0xFF, .. Encoding.UTF8.GetBytes(",1,2,3,4\n")];
        TelemetryBatch batch = await ReadAsync(bytes, AzureOptions());

        AssertReconciled(batch, 1);
        QuarantinedRow row = Assert.Single(batch.Quarantine);
        Assert.Equal((new SourcePosition("test.csv", 2, 2, "machineID"), QuarantineReason.InvalidAssetId, "the asset id is not valid UTF-8"), (row.Position, row.Reason, row.Detail));
    }

    [Fact]
    public async Task ReadAllAsync_QualityRules_QuarantineFutureUnknownAndOutOfRange()
    {
        var quality = new DataQualityOptions
        {
            TimeProvider = Clock,
            KnownAssets = new HashSet<string> { "1", "2" },
            ChannelRanges = new Dictionary<string, ValueRange> { ["pressure"] = new(0, 300) },
        };
        TelemetryBatch batch = await ReadAsync(
            Header +
            "2015-01-01 06:00:00,1,1,2,3,4\n" +
            "2026-11-23 12:04:59,1,1,2,3,4\n" +
            "2026-11-23 12:05:01,1,1,2,3,4\n" +
            "2015-01-01 06:00:00,3,1,2,3,4\n" +
            "2015-01-01 06:00:00,2,1,2,412.5,4\n" +
            "2015-01-01 07:00:00,3,1,2,3,4\n",
            AzureOptions(quality));

        AssertReconciled(batch, 6);
        Assert.Equal(2, batch.Table.RowCount);
        Assert.Equal(
            [
                (QuarantineReason.FutureTime, 4L, "2026-11-23T12:05:01Z is later than the clock allows (2026-11-23T12:05:00Z, tolerance 00:05:00)"),
                (QuarantineReason.UnknownAsset, 5L, "asset '3' is not a known asset"),
                (QuarantineReason.OutOfRange, 6L, "412.5 is outside [0, 300]"),
                (QuarantineReason.UnknownAsset, 7L, "asset '3' is not a known asset"),
            ],
            batch.Quarantine.Select(q => (q.Reason, q.Position.Line, q.Detail)));
        Assert.Equal(new Dictionary<QuarantineReason, long> { [QuarantineReason.FutureTime] = 1, [QuarantineReason.UnknownAsset] = 2, [QuarantineReason.OutOfRange] = 1 }, batch.Report.QuarantinedByReason);
    }

    [Fact]
    public async Task ReadAllAsync_GzipInput_ReadsLikePlainText()
    {
        string text = Header + "2015-01-01 06:00:00,1,1,2,3,4\n2015-01-01 07:00:00,1,5,6,7,8\n";
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(text));
        }

        TelemetryBatch fromGzip = await ReadAsync(compressed.ToArray(), AzureOptions(), "telemetry.csv.gz");
        TelemetryBatch fromText = await ReadAsync(text, AzureOptions());

        AssertReconciled(fromGzip, 2);
        Assert.Equal(fromText.Table.GetChannel("vibration").ToArray(), fromGzip.Table.GetChannel("vibration").ToArray());
        Assert.Equal(fromText.Table.Times.ToArray(), fromGzip.Table.Times.ToArray());
    }

    [Fact]
    public async Task ReadBatchesAsync_SmallBatches_ReconcileAndQuarantineRowsOlderThanEarlierBatches()
    {
        string text = Header + string.Concat(Enumerable.Range(0, 10).Select(h => $"2015-01-01 {h:00}:00:00,1,{h},0,0,0\n"))
            + "2015-01-01 03:00:00,1,99,0,0,0\n2015-01-01 09:00:00,1,98,0,0,0\n2015-01-01 05:30:00,2,97,0,0,0\n";
        await using var reader = new DelimitedTelemetryReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), AzureOptions(batchRows: 4), "stream");

        var batches = new List<TelemetryBatch>();
        await foreach (TelemetryBatch batch in reader.ReadBatchesAsync())
        {
            batches.Add(batch);
        }

        Assert.Equal([4, 4, 4, 1], batches.Select(b => b.Report.InputRows));
        DataQualityReport total = batches.Select(b => b.Report).Aggregate(DataQualityReport.Empty, (a, b) => a.Add(b));
        Assert.Equal(13, total.InputRows);
        Assert.Equal(11, total.AcceptedRows);
        Assert.Equal(new Dictionary<QuarantineReason, long> { [QuarantineReason.OutOfOrder] = 1, [QuarantineReason.Duplicate] = 1 }, total.QuarantinedByReason);
        TelemetryTable all = TelemetryTable.Concat(batches.Select(b => b.Table));
        Assert.Equal([0.0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 97], all.GetChannel("volt").ToArray());
        Assert.Equal(["test: stream"], ["test: " + total.Sources.Single()]);
    }

    [Fact]
    public async Task ReadBatchesAsync_CalledTwice_Throws()
    {
        await using var reader = new DelimitedTelemetryReader(new MemoryStream(Encoding.UTF8.GetBytes(Header)), AzureOptions(), "s");
        await reader.ReadAllAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.ReadAllAsync());
    }

    [Theory]
    [InlineData("unix-s", "1420092000", 0)]
    [InlineData("unix-s", "1420092000.25", 250_000)]
    [InlineData("unix-ms", "1420092000123", 123_000)]
    [InlineData("dd/MM/yyyy HH:mm", "01/01/2015 06:00", 0)]
    [InlineData("iso", "2015-01-01T07:00:00.5+01:00", 500_000)]
    [InlineData("iso", "2015-01-01T06:00Z", 0)]
    public async Task ReadAllAsync_TimestampFormats_ParseToUtcMicroseconds(string format, string written, long extraMicros)
    {
        DelimitedTextOptions options = AzureOptions();
        options = new DelimitedTextOptions { Columns = options.Columns, DataQuality = options.DataQuality, TimestampFormat = TimestampFormat.Parse(format) };
        TelemetryBatch batch = await ReadAsync($"datetime,machineID,volt\n{written},1,1\n", options);

        AssertReconciled(batch, 1);
        Assert.Equal(Micros(2015, 1, 1, 6) + extraMicros, batch.Table.Times[0]);
    }

    [Fact]
    public async Task ReadAllAsync_WhitespaceDelimitedCycles_ReadsLikeCmapss()
    {
        var options = new DelimitedTextOptions { HasHeader = false, Delimiter = FieldDelimiter.Whitespace, Columns = CmapssDataset.Columns };
        string line1 = "1 1 -0.0007 -0.0004 100.0 " + string.Join(' ', Enumerable.Range(1, 21)) + "  \n";
        string line2 = "1 2.5 -0.0007 -0.0004 100.0 " + string.Join(' ', Enumerable.Range(1, 21)) + "  \n";
        TelemetryBatch batch = await ReadAsync(line1 + line2, options);

        AssertReconciled(batch, 2);
        Assert.Equal(TimeKind.Cycle, batch.Table.Schema.TimeKind);
        Assert.Equal([1L], batch.Table.Times.ToArray());
        Assert.Equal(21.0, batch.Table.GetChannel("sensor21")[0]);
        Assert.Equal("'2.5' is not an integer cycle", Assert.Single(batch.Quarantine).Detail);
    }

    [Fact]
    public async Task ReadAllAsync_ConstantAsset_AssignsEveryRowToIt()
    {
        var options = new DelimitedTextOptions
        {
            Delimiter = ';',
            Columns = new TelemetryColumnMapping { ConstantAssetId = "valve1/0", TimeColumn = "datetime", Roles = new Dictionary<string, ChannelRole> { ["anomaly"] = ChannelRole.Label } },
            DataQuality = new DataQualityOptions { TimeProvider = Clock },
        };
        TelemetryBatch batch = await ReadAsync("datetime;Current;anomaly\r\n2020-03-09 10:14:33;1.3302;0.0\r\n2020-03-09 10:14:34;1.35399;1.0\r\n", options);

        AssertReconciled(batch, 2);
        Assert.Equal(["valve1/0"], batch.Table.AssetIds);
        Assert.Equal(new ChannelDefinition("anomaly", ChannelRole.Label), batch.Table.Schema.Channels[1]);
        Assert.Equal("asset", batch.Table.Schema.AssetColumn);
    }

    [Fact]
    public async Task ReadAllAsync_HeaderRepeatsName_ThrowsNamingColumns()
    {
        var error = await Assert.ThrowsAsync<SchemaException>(() => ReadAsync("datetime,machineID,volt,volt\n", AzureOptions()));
        Assert.Equal("test.csv, line 1: the header names column 'volt' twice (columns 3 and 4).", error.Message);
    }

    [Fact]
    public async Task ReadAllAsync_RecordsAcrossManyBufferFills_ReadsEveryRow()
    {
        var text = new StringBuilder(Header);
        for (int h = 0; h < 40_000; h++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{UnixTime.Format(Micros(2015, 1, 1) + (h * UnixTime.MicrosecondsPerHour)).Replace('T', ' ').TrimEnd('Z')},{h % 7},{h}.25,{-h},\"{h}\",1e-3\n");
        }

        TelemetryBatch batch = await ReadAsync(text.ToString(), AzureOptions());

        AssertReconciled(batch, 40_000);
        Assert.Empty(batch.Quarantine);
        Assert.Equal(7, batch.Table.AssetCount);
        Assert.Equal(Enumerable.Range(0, 40_000).Sum(h => h + 0.25), batch.Table.GetChannel("volt").ToArray().Sum());
    }
}
