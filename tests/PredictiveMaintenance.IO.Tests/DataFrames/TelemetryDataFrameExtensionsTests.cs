using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Data.Analysis;

namespace PredictiveMaintenance.IO.Tests;

public class TelemetryDataFrameExtensionsTests
{
    private const long Hour = UnixTime.MicrosecondsPerHour;

    [Property(MaxTest = 200)]
    public Property ToDataFrame_AnyTable_ReadsBackLosslessly() =>
        Prop.ForAll(TelemetryTableGenerators.Tables().ToArbitrary(), table =>
            TableAssert.Lossless(table, table.ToDataFrame().ToTelemetryBatch(table.Schema)));

    [Fact]
    public void ToDataFrame_SampleTable_WritesUtcTimesAndMissingReadingsAsNull()
    {
        DataFrame frame = SampleTables.Machines().ToDataFrame();

        Assert.Equal(["machine", "time", "volt", "speed", "failed"], frame.Columns.Select(c => c.Name));
        Assert.Equal(["2", "2", "2", "10", "10"], frame.Columns.GetStringColumn("machine"));
        PrimitiveDataFrameColumn<DateTime> time = frame.Columns.GetPrimitiveColumn<DateTime>("time");
        Assert.Equal(new DateTime(2020, 1, 1, 2, 0, 0, DateTimeKind.Utc), time[2]);
        Assert.Equal(DateTimeKind.Utc, time[2]!.Value.Kind);
        DoubleDataFrameColumn volt = frame.Columns.GetDoubleColumn("volt");
        Assert.Equal(1, volt.NullCount);
        Assert.Equal([-0.0, double.PositiveInfinity, 165.25, 170.5, null], volt);
        Assert.True(double.IsNegative(volt[0]!.Value));
    }

    [Fact]
    public void ToDataFrame_CycleTableWithAGap_WritesInt64TimesAndAggregatesSkipTheGap()
    {
        var builder = new TelemetryTableBuilder(new TelemetrySchema("unit", "cycle", TimeKind.Cycle, [new ChannelDefinition("rul", ChannelRole.Label)]));
        builder.Add("1", 3, [190]);
        builder.Add("1", 4, [double.NaN]);
        builder.Add("1", 5, [188]);

        DataFrame frame = builder.Build().ToDataFrame();

        Assert.Equal([3L, 4, 5], frame.Columns.GetInt64Column("cycle"));
        Assert.Equal(189.0, frame.Columns.GetDoubleColumn("rul").Mean());
    }

    [Fact]
    public void ToTelemetryBatch_ForeignFrameWithIntIdsLocalTimesAndNulls_AcceptsOrQuarantinesEveryRow()
    {
        DateTime jan1 = UnixTime.ToDateTime(SampleTables.Jan1);
        var frame = new DataFrame(
            new Int32DataFrameColumn("machineID", new int?[] { 2, 1, null, 1, 1 }),
            new PrimitiveDataFrameColumn<DateTime>("datetime", new DateTime?[] { jan1, jan1.AddHours(1), jan1, DateTime.SpecifyKind(jan1.AddHours(2), DateTimeKind.Local), null }),
            new SingleDataFrameColumn("pressure", new float?[] { 101.5f, null, 99f, 98f, 97f }),
            new DecimalDataFrameColumn("load", new decimal?[] { 0.25m, 0.5m, 0.75m, 1m, 1.25m }));

        TelemetryBatch result = frame.ToTelemetryBatch(new TelemetryColumnMapping { AssetColumn = "machineID", TimeColumn = "datetime" });

        Assert.Equal(["1", "2"], result.Table.AssetIds);
        Assert.Equal([SampleTables.Jan1 + Hour, SampleTables.Jan1], result.Table.Times.ToArray());
        Assert.Equal([double.NaN, 101.5], result.Table.GetChannel("pressure").ToArray());
        Assert.Equal([0.5, 0.25], result.Table.GetChannel("load").ToArray());
        Assert.Equal(
            [
                new QuarantinedRow(new SourcePosition("DataFrame", 3, 1, "machineID"), QuarantineReason.InvalidAssetId, "the asset id is null"),
                new QuarantinedRow(
                    new SourcePosition("DataFrame", 4, 2, "datetime"),
                    QuarantineReason.UnparsableTime,
                    "2020-01-01T02:00:00 is a local time (DateTimeKind.Local); times are UTC, so convert it with ToUniversalTime() first"),
                new QuarantinedRow(new SourcePosition("DataFrame", 5, 2, "datetime"), QuarantineReason.UnparsableTime, "the time is null"),
            ],
            result.Quarantine);
        Assert.Equal((5L, 2L, 3L, 1L), (result.Report.InputRows, result.Report.AcceptedRows, result.Report.QuarantinedRows, result.Report.MissingValues));
    }

    [Fact]
    public void ToTelemetryBatch_ArrowStringAssetsAndDateTimeOffsets_MapIn()
    {
        var offsets = new PrimitiveDataFrameColumn<DateTimeOffset>("at", new DateTimeOffset?[]
        {
            new DateTimeOffset(2020, 1, 1, 2, 0, 0, TimeSpan.FromHours(2)),
            new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });
        using Apache.Arrow.RecordBatch batch = new Apache.Arrow.RecordBatch.Builder()
            .Append("valve", true, new Apache.Arrow.StringArray.Builder().Append("v1").Append("v2").Build())
            .Build();
        var frame = new DataFrame(DataFrame.FromArrowRecordBatch(batch).Columns["valve"], offsets, new DoubleDataFrameColumn("flow", [1.0, 2.0]));

        TelemetryBatch result = frame.ToTelemetryBatch(new TelemetryColumnMapping { AssetColumn = "valve", TimeColumn = "at" });

        Assert.IsType<ArrowStringDataFrameColumn>(frame.Columns["valve"]);
        Assert.Equal(["v1", "v2"], result.Table.AssetIds);
        Assert.Equal([SampleTables.Jan1, SampleTables.Jan1], result.Table.Times.ToArray());
    }

    [Fact]
    public void ToTelemetryBatch_BooleanChannel_ThrowsNamingColumnAndTypes()
    {
        var frame = new DataFrame(
            new StringDataFrameColumn("machine", ["1"]),
            new Int64DataFrameColumn("time", [1L]),
            new BooleanDataFrameColumn("running", [true]));

        var error = Assert.Throws<SchemaException>(() => frame.ToTelemetryBatch(new TelemetryColumnMapping { AssetColumn = "machine", TimeColumn = "time" }, sourceName: "frame"));

        Assert.Equal(
            "frame: the channel column 'running' is of type bool; expected a number (float, double, decimal or an integer type). " +
            "Leave the column out with TelemetryColumnMapping.IgnoredColumns, or list the channels.",
            error.Message);
    }

    [Fact]
    public void ToTelemetryBatch_SchemaColumnMissing_ThrowsListingTheFrameColumns()
    {
        DataFrame frame = SampleTables.Machines().ToDataFrame();
        frame.Columns.Remove("speed");

        var error = Assert.Throws<SchemaException>(() => frame.ToTelemetryBatch(SampleTables.Machines().Schema));

        Assert.Equal("DataFrame: the channel column 'speed' is not in the source; it has columns 'machine', 'time', 'volt', 'failed'.", error.Message);
    }
}
