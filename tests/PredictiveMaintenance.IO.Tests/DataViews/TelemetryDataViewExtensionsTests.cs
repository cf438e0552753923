using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace PredictiveMaintenance.IO.Tests;

public class TelemetryDataViewExtensionsTests
{
    [Property(MaxTest = 200)]
    public Property ToDataView_AnyTable_ReadsBackLosslessly() =>
        Prop.ForAll(TelemetryTableGenerators.Tables().ToArbitrary(), table =>
            TableAssert.Lossless(table, table.ToDataView().ToTelemetryBatch(table.Schema)));

    [Fact]
    public void ToDataView_SampleTable_MLNetReadsEveryRowWithNaNForMissing()
    {
        var ml = new MLContext(seed: 1);
        IDataView view = SampleTables.Machines().ToDataView();

        MachineRow[] rows = [.. ml.Data.CreateEnumerable<MachineRow>(view, reuseRowObject: false)];

        Assert.Equal(5, view.GetRowCount());
        Assert.Equal(["2", "2", "2", "10", "10"], rows.Select(r => r.Machine));
        Assert.Equal(new DateTime(2020, 1, 1, 1, 0, 0, DateTimeKind.Utc), rows[4].Time);
        Assert.Equal([-0.0, double.PositiveInfinity, 165.25, 170.5, double.NaN], rows.Select(r => r.Volt));
        Assert.Equal([0.0, 0, 0, 0, 1], rows.Select(r => r.Failed));
    }

    [Fact]
    public void ToDataView_MLNetPipeline_ConcatenatesChannelsIntoFeatures()
    {
        var ml = new MLContext(seed: 1);
        IDataView view = SampleTables.Machines().ToDataView();

        IDataView features = ml.Transforms.Concatenate("Features", "speed", "failed").Fit(view).Transform(view);

        Assert.Equal(
            [[1200.0, 0], [1250, 0], [1250, 0], [1500, 0], [1500, 1]],
            features.GetColumn<double[]>("Features").Select(f => f.ToArray()));
    }

    [Fact]
    public void ToDataView_ShuffledByMLNet_VisitsEveryRowOnceWithItsOwnValues()
    {
        var ml = new MLContext(seed: 1);
        TelemetryTable table = LongTable(1000);
        IDataView view = table.ToDataView();

        IDataView shuffled = ml.Data.ShuffleRows(view, seed: 7);
        (string Machine, long Cycle, double Value)[] rows =
        [
            .. shuffled.GetColumn<ReadOnlyMemory<char>>("unit").Select(m => m.ToString())
                .Zip(shuffled.GetColumn<long>("cycle"), shuffled.GetColumn<double>("value"))
                .Select(t => (t.First, t.Second, t.Third)),
        ];

        Assert.True(view.CanShuffle);
        Assert.NotEqual(Enumerable.Range(0, 1000).Select(i => (long)i), rows.Select(r => r.Cycle));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), rows.Select(r => r.Cycle).Order());
        Assert.All(rows, r => Assert.Equal(UnitOf(r.Cycle, 1000), r.Machine));
        Assert.All(rows, r => Assert.Equal(r.Cycle * 0.5, r.Value));
    }

    [Fact]
    public void GetRowCursorSet_LargeTable_PartitionsRowsIntoBatchesThatConsolidateInOrder()
    {
        TelemetryTable table = LongTable(100_000);
        IDataView view = table.ToDataView();

        DataViewRowCursor[] cursors = view.GetRowCursorSet(view.Schema, 4);
        var cycles = new List<long>();
        foreach (DataViewRowCursor cursor in cursors.OrderBy(c => c.Batch))
        {
            using (cursor)
            {
                ValueGetter<long> cycle = cursor.GetGetter<long>(view.Schema["cycle"]);
                ValueGetter<DataViewRowId> id = cursor.GetIdGetter();
                long value = 0;
                DataViewRowId rowId = default;
                while (cursor.MoveNext())
                {
                    cycle(ref value);
                    id(ref rowId);
                    Assert.Equal((ulong)value, rowId.Low);
                    cycles.Add(value);
                }
            }
        }

        Assert.Equal(Math.Min(4, Environment.ProcessorCount), cursors.Length);
        Assert.Equal(Enumerable.Range(0, 100_000).Select(i => (long)i), cycles);
    }

    [Fact]
    public void GetGetter_WrongTypeOrInactiveColumn_Throws()
    {
        IDataView view = SampleTables.Machines().ToDataView();
        using DataViewRowCursor cursor = view.GetRowCursor([view.Schema["volt"]]);

        var wrongType = Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<float>(view.Schema["volt"]));
        var inactive = Assert.Throws<InvalidOperationException>(() => cursor.GetGetter<double>(view.Schema["speed"]));
        ValueGetter<double> volt = cursor.GetGetter<double>(view.Schema["volt"]);
        double value = 0;
        var beforeFirstRow = Assert.Throws<InvalidOperationException>(() => volt(ref value));

        Assert.Equal("Column 'volt' holds Double, not Single.", wrongType.Message);
        Assert.Equal("Column 'speed' was not requested when the cursor was made.", inactive.Message);
        Assert.Equal("The cursor is not on a row: call MoveNext first, and read only while it returns true.", beforeFirstRow.Message);
        Assert.False(cursor.IsColumnActive(view.Schema["speed"]));
    }

    [Fact]
    public void ToTelemetryBatch_ForeignViewWithIntIdsAndNaN_TreatsNaNAsMissingAndCleansTheRest()
    {
        var ml = new MLContext(seed: 1);
        DateTime jan1 = UnixTime.ToDateTime(SampleTables.Jan1);
        IDataView view = ml.Data.LoadFromEnumerable(
        [
            new ForeignRow { MachineId = 4, Timestamp = jan1, Vibration = float.NaN, Counter = 1, Ok = true },
            new ForeignRow { MachineId = 4, Timestamp = jan1, Vibration = 2f, Counter = 2, Ok = true },
            new ForeignRow { MachineId = 3, Timestamp = jan1.AddHours(1), Vibration = float.PositiveInfinity, Counter = 3, Ok = false },
            new ForeignRow { MachineId = 3, Timestamp = jan1, Vibration = 0.25f, Counter = 4, Ok = true },
        ]);
        var mapping = new TelemetryColumnMapping { AssetColumn = "MachineId", TimeColumn = "Timestamp", IgnoredColumns = ["Ok"] };

        TelemetryBatch result = view.ToTelemetryBatch(mapping, sourceName: "rows");

        Assert.Equal(["3", "4"], result.Table.AssetIds);
        Assert.Equal([0.25, double.NaN], result.Table.GetChannel("Vibration").ToArray());
        Assert.Equal([4.0, 1], result.Table.GetChannel("Counter").ToArray());
        Assert.Equal(
            [
                new QuarantinedRow(new SourcePosition("rows", 2, 2, "Timestamp"), QuarantineReason.Duplicate, "asset '4' at 2020-01-01T00:00:00Z was already read at line 1"),
                new QuarantinedRow(new SourcePosition("rows", 3, 3, "Vibration"), QuarantineReason.NonFiniteValue, "Infinity is not a finite number"),
            ],
            result.Quarantine);
        Assert.Equal((4L, 2L, 2L, 1L), (result.Report.InputRows, result.Report.AcceptedRows, result.Report.QuarantinedRows, result.Report.MissingValues));
    }

    [Fact]
    public void ToTelemetryBatch_DataFrameSeenAsAnIDataView_MapsIn()
    {
        IDataView view = new DataFrame(
            new StringDataFrameColumn("valve", ["a", "b"]),
            new Int32DataFrameColumn("sample", [2, 1]),
            new DoubleDataFrameColumn("flow", [1.5, 2.5]));

        TelemetryBatch result = view.ToTelemetryBatch(new TelemetryColumnMapping { AssetColumn = "valve", TimeColumn = "sample", TimeKind = TimeKind.Cycle });

        Assert.Equal(["a", "b"], result.Table.AssetIds);
        Assert.Equal([2L, 1], result.Table.Times.ToArray());
        Assert.Equal([1.5, 2.5], result.Table.GetChannel("flow").ToArray());
    }

    [Fact]
    public void ToTelemetryBatch_BooleanChannel_ThrowsNamingColumnAndTypes()
    {
        var ml = new MLContext(seed: 1);
        IDataView view = ml.Data.LoadFromEnumerable([new ForeignRow { MachineId = 1, Timestamp = DateTime.UnixEpoch }]);

        var error = Assert.Throws<SchemaException>(() => view.ToTelemetryBatch(new TelemetryColumnMapping { AssetColumn = "MachineId", TimeColumn = "Timestamp" }));

        Assert.Equal(
            "IDataView: the channel column 'Ok' is of type Boolean; expected a number (float, double, decimal or an integer type). " +
            "Leave the column out with TelemetryColumnMapping.IgnoredColumns, or list the channels.",
            error.Message);
    }

    [Fact]
    public void ToDataView_TimeBeyondDateTime_ThrowsNamingAssetAndTime()
    {
        var builder = new TelemetryTableBuilder(new TelemetrySchema("machine", "time", "volt"));
        builder.Add("m1", long.MaxValue, [1]);

        var error = Assert.Throws<DataQualityException>(() => builder.Build().ToDataView());

        Assert.Equal("Asset 'm1' has a time of 9223372036854775807 microseconds since 1970, outside the years 1 to 9999 that a DateTime column can hold.", error.Message);
    }

    private static TelemetryTable LongTable(int rows)
    {
        var builder = new TelemetryTableBuilder(new TelemetrySchema("unit", "cycle", TimeKind.Cycle, [new ChannelDefinition("value")]));
        for (int i = 0; i < rows; i++)
        {
            builder.Add(UnitOf(i, rows), i, [i * 0.5]);
        }

        return builder.Build();
    }

    /// <summary>Three units with consecutive cycles each, so table rows are in cycle order and row i has cycle i.</summary>
    private static string UnitOf(long cycle, int rows) => (3 * cycle / rows).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class MachineRow
    {
        [ColumnName("machine")]
        public string Machine { get; set; } = "";

        [ColumnName("time")]
        public DateTime Time { get; set; }

        [ColumnName("volt")]
        public double Volt { get; set; }

        [ColumnName("speed")]
        public double Speed { get; set; }

        [ColumnName("failed")]
        public double Failed { get; set; }
    }

    private sealed class ForeignRow
    {
        public int MachineId { get; set; }

        public DateTime Timestamp { get; set; }

        public float Vibration { get; set; }

        public long Counter { get; set; }

        public bool Ok { get; set; }
    }
}
