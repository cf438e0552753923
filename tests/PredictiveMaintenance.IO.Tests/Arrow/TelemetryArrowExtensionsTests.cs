using Apache.Arrow;
using Apache.Arrow.Types;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.IO.Tests;

public class TelemetryArrowExtensionsTests
{
    private const long Hour = UnixTime.MicrosecondsPerHour;

    [Property(MaxTest = 200)]
    public Property ToRecordBatch_AnyTable_ReadsBackLosslessly() =>
        Prop.ForAll(TelemetryTableGenerators.Tables().ToArbitrary(), table =>
        {
            using RecordBatch batch = table.ToRecordBatch();
            TableAssert.Lossless(table, batch.ToTelemetryBatch());
        });

    [Fact]
    public void ToArrowSchema_TimestampAndCycleSchemas_DescribeTheDocumentedLayout()
    {
        var schema = new TelemetrySchema("unit", "cycle", TimeKind.Cycle, [new ChannelDefinition("rul", ChannelRole.Label)]);

        Schema timestamps = SampleTables.Machines().Schema.ToArrowSchema();
        Schema cycles = schema.ToArrowSchema();

        Assert.Equal(["machine", "time", "volt", "speed", "failed"], timestamps.FieldsList.Select(f => f.Name));
        var asset = Assert.IsType<DictionaryType>(timestamps.FieldsList[0].DataType);
        Assert.Equal((ArrowTypeId.Int32, ArrowTypeId.String), (asset.IndexType.TypeId, asset.ValueType.TypeId));
        var time = Assert.IsType<TimestampType>(timestamps.FieldsList[1].DataType);
        Assert.Equal((TimeUnit.Microsecond, "UTC"), (time.Unit, time.Timezone));
        Assert.All(timestamps.FieldsList.Skip(2), f => Assert.Equal(ArrowTypeId.Double, f.DataType.TypeId));
        Assert.All(timestamps.FieldsList, f => Assert.False(f.IsNullable));
        Assert.Equal(ArrowTypeId.Int64, cycles.FieldsList[1].DataType.TypeId);
        Assert.Equal(
            """{"version":1,"assetColumn":"unit","timeColumn":"cycle","timeKind":"Cycle","channels":[{"name":"rul","role":"Label"}]}""",
            cycles.Metadata[TelemetrySchemaMetadata.Key]);
    }

    [Fact]
    public void ToRecordBatch_SampleTable_EncodesAssetsInNaturalOrderAndKeepsNaN()
    {
        using RecordBatch batch = SampleTables.Machines().ToRecordBatch();

        var assets = (DictionaryArray)batch.Column(0);
        var ids = (StringArray)assets.Dictionary;
        Assert.Equal(["2", "10"], [ids.GetString(0), ids.GetString(1)]);
        Assert.Equal([0, 0, 0, 1, 1], ((Int32Array)assets.Indices).Values.ToArray());
        long jan1 = SampleTables.Jan1;
        Assert.Equal([jan1, jan1 + Hour, jan1 + (2 * Hour), jan1, jan1 + Hour], ((TimestampArray)batch.Column(1)).Values.ToArray());
        var volt = (DoubleArray)batch.Column("volt");
        Assert.Equal(0, volt.NullCount);
        Assert.Equal(
            [BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(double.PositiveInfinity), BitConverter.DoubleToInt64Bits(165.25), BitConverter.DoubleToInt64Bits(170.5), BitConverter.DoubleToInt64Bits(double.NaN)],
            volt.Values.ToArray().Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void ToTelemetryBatch_ForeignBatchWithNullsDuplicatesAndDisorder_AcceptsOrQuarantinesEveryRow()
    {
        var ms = new TimestampType(TimeUnit.Millisecond, timezone: (string?)null);
        long t0 = SampleTables.Jan1 / 1000, hourMs = Hour / 1000;
        using var batch = new RecordBatch.Builder()
            .Append("site", false, new StringArray.Builder().AppendRange(["a", "a", "a", "a", "a", "a"]).Build())
            .Append("machine", true, new Int64Array.Builder().Append(7).Append(7).Append(3).AppendNull().Append(3).Append(3).Build())
            .Append("ts", true, new TimestampArray(ms, new ArrowBuffer.Builder<long>().AppendRange([t0 + hourMs, t0, t0, t0, t0, t0]).Build(), NullsAt(6, 5), 6, 1, 0))
            .Append("vibration", true, new FloatArray.Builder().Append(0.5f).AppendNull().Append(2f).Append(3f).Append(4f).Append(float.NaN).Build())
            .Append("cycles", false, new Int32Array.Builder().AppendRange([10, 20, 30, 40, 50, 60]).Build())
            .Build();
        var mapping = new TelemetryColumnMapping { AssetColumn = "machine", TimeColumn = "ts", IgnoredColumns = ["site"] };

        TelemetryBatch result = batch.ToTelemetryBatch(mapping, sourceName: "sensors");

        TelemetryTable table = result.Table;
        Assert.Equal(new TelemetrySchema("machine", "ts", "vibration", "cycles"), table.Schema);
        Assert.Equal(["3", "7"], table.AssetIds);
        Assert.Equal([SampleTables.Jan1, SampleTables.Jan1, SampleTables.Jan1 + Hour], table.Times.ToArray());
        Assert.Equal([2.0, double.NaN, 0.5], table.GetChannel("vibration").ToArray());
        Assert.Equal([30.0, 20, 10], table.GetChannel("cycles").ToArray());
        Assert.Equal(
            [
                new QuarantinedRow(new SourcePosition("sensors", 4, 2, "machine"), QuarantineReason.InvalidAssetId, "the asset id is null"),
                new QuarantinedRow(new SourcePosition("sensors", 5, 3, "ts"), QuarantineReason.Duplicate, "asset '3' at 2020-01-01T00:00:00Z was already read at line 3"),
                new QuarantinedRow(new SourcePosition("sensors", 6, 3, "ts"), QuarantineReason.UnparsableTime, "the time is null"),
            ],
            result.Quarantine);
        Assert.Equal((6L, 3L, 3L, 1L, 1L), (result.Report.InputRows, result.Report.AcceptedRows, result.Report.QuarantinedRows, result.Report.ReorderedRows, result.Report.MissingValues));
    }

    [Fact]
    public void ToTelemetryBatch_DictionaryAssetWithInt8IndicesAndNulls_QuarantinesNullIdsAndCycles()
    {
        var type = new DictionaryType(Int8Type.Default, StringType.Default, ordered: false);
        var dictionary = new StringArray.Builder().Append("pump 1").AppendNull().Append("").Build();
        var indices = new Int8Array.Builder().Append(0).Append(1).AppendNull().Append(2).Append(0).Build();
        using var batch = new RecordBatch.Builder()
            .Append("asset", true, new DictionaryArray(type, indices, dictionary))
            .Append("cycle", false, new UInt16Array.Builder().AppendRange([1, 2, 3, 4, 65535]).Build())
            .Append("temp", false, new DoubleArray.Builder().AppendRange([1, 2, 3, 4, 5]).Build())
            .Build();

        TelemetryBatch result = batch.ToTelemetryBatch(new TelemetryColumnMapping { AssetColumn = "asset", TimeColumn = "cycle", TimeKind = TimeKind.Cycle });

        Assert.Equal(["pump 1"], result.Table.AssetIds);
        Assert.Equal([1L, 65535], result.Table.Times.ToArray());
        Assert.Equal(
            [QuarantineReason.InvalidAssetId, QuarantineReason.InvalidAssetId, QuarantineReason.InvalidAssetId],
            result.Quarantine.Select(q => q.Reason));
        Assert.Equal(["the asset id is null", "the asset id is null", "the asset id is empty"], result.Quarantine.Select(q => q.Detail));
    }

    [Fact]
    public void ToTelemetryBatch_SlicedBatch_ReadsOnlyTheSlice()
    {
        TelemetryTable table = SampleTables.Machines();
        using RecordBatch whole = table.ToRecordBatch();
        using RecordBatch slice = whole.Slice(2, 3);

        TelemetryBatch result = slice.ToTelemetryBatch();

        Assert.Equal(["2", "10"], result.Table.AssetIds);
        Assert.Equal([SampleTables.Jan1 + (2 * Hour), SampleTables.Jan1, SampleTables.Jan1 + Hour], result.Table.Times.ToArray());
        Assert.Equal([165.25, 170.5, double.NaN], result.Table.GetChannel("volt").ToArray());
    }

    [Fact]
    public void ToTelemetryBatch_ConstantAssetWithoutAssetColumn_GivesEveryRowThatAsset()
    {
        using var batch = new RecordBatch.Builder()
            .Append("datetime", false, new Int64Array.Builder().AppendRange([2, 1]).Build())
            .Append("Pressure", false, new DoubleArray.Builder().AppendRange([0.5, 0.25]).Build())
            .Build();

        TelemetryBatch result = batch.ToTelemetryBatch(
            new TelemetryColumnMapping { ConstantAssetId = "valve1", AssetColumnName = "experiment", TimeColumn = "datetime", TimeKind = TimeKind.Cycle });

        Assert.Equal(new TelemetrySchema("experiment", "datetime", TimeKind.Cycle, [new ChannelDefinition("Pressure")]), result.Table.Schema);
        Assert.Equal(["valve1"], result.Table.AssetIds);
        Assert.Equal([0.25, 0.5], result.Table.GetChannel(0).ToArray());
    }

    [Theory]
    [InlineData(TimeUnit.Second, -1L, -1_000_000L)]
    [InlineData(TimeUnit.Millisecond, 1L, 1_000L)]
    [InlineData(TimeUnit.Microsecond, -7L, -7L)]
    [InlineData(TimeUnit.Nanosecond, -1L, -1L)]
    [InlineData(TimeUnit.Nanosecond, 1_999L, 1L)]
    public void ToTelemetryBatch_TimestampOfAnyUnit_ConvertsToMicrosecondsRoundingToThePast(TimeUnit unit, long value, long expected)
    {
        using var batch = new RecordBatch.Builder()
            .Append("a", false, new StringArray.Builder().Append("x").Build())
            .Append("t", false, new TimestampArray(new TimestampType(unit, "UTC"), new ArrowBuffer.Builder<long>().Append(value).Build(), ArrowBuffer.Empty, 1, 0, 0))
            .Build();

        TelemetryBatch result = batch.ToTelemetryBatch(new TelemetryColumnMapping { AssetColumn = "a", TimeColumn = "t" });

        Assert.Equal([expected], result.Table.Times.ToArray());
    }

    [Fact]
    public void ToTelemetryBatch_Date32AndDate64_ReadAsMidnightUtc()
    {
        using var batch = new RecordBatch.Builder()
            .Append("a", false, new StringArray.Builder().AppendRange(["x", "y"]).Build())
            .Append("day", false, new Date32Array.Builder().Append(new DateTime(2020, 1, 1)).Append(new DateTime(1969, 12, 31)).Build())
            .Append("when", false, new Date64Array.Builder().Append(new DateTime(2020, 1, 1)).Append(new DateTime(2020, 1, 2)).Build())
            .Build();

        TelemetryBatch days = batch.ToTelemetryBatch(new TelemetryColumnMapping { AssetColumn = "a", TimeColumn = "day", IgnoredColumns = ["when"] });
        TelemetryBatch dates = batch.ToTelemetryBatch(new TelemetryColumnMapping { AssetColumn = "a", TimeColumn = "when", IgnoredColumns = ["day"] });

        Assert.Equal([SampleTables.Jan1, -UnixTime.MicrosecondsPerDay], days.Table.Times.ToArray());
        Assert.Equal([SampleTables.Jan1, SampleTables.Jan1 + UnixTime.MicrosecondsPerDay], dates.Table.Times.ToArray());
    }

    [Fact]
    public void ToTelemetryBatch_BooleanChannel_ThrowsNamingSourceColumnAndTypes()
    {
        using var batch = new RecordBatch.Builder()
            .Append("a", false, new StringArray.Builder().Append("x").Build())
            .Append("t", false, new Int64Array.Builder().Append(1).Build())
            .Append("ok", false, new BooleanArray.Builder().Append(true).Build())
            .Build();

        var error = Assert.Throws<SchemaException>(() => batch.ToTelemetryBatch(new TelemetryColumnMapping { AssetColumn = "a", TimeColumn = "t" }, sourceName: "batch 3"));

        Assert.Equal(
            "batch 3: the channel column 'ok' is of type bool; expected a number (float, double, decimal or an integer type). " +
            "Leave the column out with TelemetryColumnMapping.IgnoredColumns, or list the channels.",
            error.Message);
    }

    [Fact]
    public void ToTelemetryBatch_BatchWithoutMetadata_ThrowsAskingForAMapping()
    {
        using var batch = new RecordBatch.Builder().Append("a", false, new StringArray.Builder().Append("x").Build()).Build();

        var error = Assert.Throws<SchemaException>(() => batch.ToTelemetryBatch());

        Assert.Equal(
            "record batch: there is no 'predictive-maintenance.telemetry-schema' metadata, so it was not written by ToRecordBatch or ArrowTelemetryWriter; " +
            "give a TelemetryColumnMapping to say which columns are the asset, the time and the channels.",
            error.Message);
    }

    private static ArrowBuffer NullsAt(int length, int row)
    {
        var bits = new ArrowBuffer.BitmapBuilder(length);
        for (int i = 0; i < length; i++)
        {
            bits.Append(i != row);
        }

        return bits.Build();
    }
}
