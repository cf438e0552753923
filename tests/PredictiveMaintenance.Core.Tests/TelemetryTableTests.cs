namespace PredictiveMaintenance.Tests;

public class TelemetryTableTests
{
    private static readonly TelemetrySchema Schema = new("asset", "time", "v");

    private static TelemetryTable Table(params (string Asset, long Time, double Value)[] rows)
    {
        var builder = new TelemetryTableBuilder(Schema);
        foreach (var (asset, time, value) in rows)
        {
            builder.Add(asset, time, [value]);
        }

        return builder.Build();
    }

    [Fact]
    public void Empty_HasSchemaAndNoRows()
    {
        TelemetryTable table = TelemetryTable.Empty(Schema);
        Assert.Equal(0, table.RowCount);
        Assert.Equal(0, table.AssetCount);
        Assert.True(table.GetChannel("v").IsEmpty);
        Assert.Same(Schema, table.Schema);
    }

    [Fact]
    public void GetAssetCodeOfRow_EveryRow_FindsItsAsset()
    {
        TelemetryTable table = Table(("a", 1, 0), ("a", 2, 0), ("b", 1, 0), ("c", 1, 0), ("c", 2, 0), ("c", 3, 0));
        Assert.Equal([0, 0, 1, 2, 2, 2], Enumerable.Range(0, 6).Select(table.GetAssetCodeOfRow));
        Assert.True(table.TryGetAssetCode("c", out int code));
        Assert.Equal(2, code);
        Assert.False(table.TryGetAssetCode("z", out code));
        Assert.Equal(-1, code);
        Assert.Throws<ArgumentOutOfRangeException>(() => table.GetAssetCodeOfRow(6));
    }

    [Fact]
    public void GetChannel_UnknownName_ThrowsListingChannels()
    {
        var error = Assert.Throws<SchemaException>(() => Table().GetChannel("volt"));
        Assert.Equal("Channel 'volt' is not in the schema; its channels are 'v'.", error.Message);
    }

    [Fact]
    public void SelectRows_KeepsMarkedRowsAndDropsAssetsLeftEmpty()
    {
        var builder = new TelemetryTableBuilder(new TelemetrySchema("asset", "time", "a", "b"));
        builder.Add("2", 10, [1, 2]);
        builder.Add("2", 20, [3, double.NaN]);
        builder.Add("10", 5, [5, 6]);
        builder.Add("3", 7, [7, 8]);
        builder.Add("3", 9, [9, 10]);
        TelemetryTable table = builder.Build();

        TelemetryTable selected = table.SelectRows([false, true, true, false, false]);

        Assert.Equal(["2", "3"], selected.AssetIds);
        Assert.Equal([0, 1, 2], selected.AssetOffsets.ToArray());
        Assert.Equal([20L, 7L], selected.Times.ToArray());
        Assert.Equal([3.0, 7.0], selected.GetChannel("a").ToArray());
        Assert.Equal([double.NaN, 8.0], selected.GetChannel("b").ToArray());
        Assert.Equal(0, table.SelectRows(new bool[5]).RowCount);
        var error = Assert.Throws<ArgumentException>("keep", () => table.SelectRows(new bool[4]));
        Assert.StartsWith("Expected one entry per row (5), got 4.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SelectAssets_KeepsNamedAssetsInTableOrder()
    {
        TelemetryTable table = Table(("1", 1, 10), ("2", 1, 20), ("2", 2, 21), ("3", 1, 30));

        TelemetryTable selected = table.SelectAssets(["3", "2", "missing"]);

        Assert.Equal(["2", "3"], selected.AssetIds);
        Assert.Equal([20.0, 21, 30], selected.GetChannel(0).ToArray());
        Assert.Equal([1L, 2, 1], selected.Times.ToArray());
    }

    [Fact]
    public void Concat_Batches_EqualsOneBuild()
    {
        TelemetryTable first = Table(("2", 5, 1), ("10", 1, 2));
        TelemetryTable second = Table(("2", 1, 3), ("1", 9, 4));

        TelemetryTable all = TelemetryTable.Concat([first, second]);

        Assert.Equal(["1", "2", "10"], all.AssetIds);
        Assert.Equal([9L, 1, 5, 1], all.Times.ToArray());
        Assert.Equal([4.0, 3, 1, 2], all.GetChannel(0).ToArray());
    }

    [Fact]
    public void Concat_DifferentSchemas_ThrowsNamingBoth()
    {
        TelemetryTable other = TelemetryTable.Empty(new TelemetrySchema("asset", "time", "w"));
        var error = Assert.Throws<SchemaException>(() => TelemetryTable.Concat([Table(), other]));
        Assert.Equal("Cannot concatenate tables of different schemas: [asset, time (UtcTimestamp): v (Sensor)] and [asset, time (UtcTimestamp): w (Sensor)].", error.Message);
    }

    [Fact]
    public void Concat_OverlappingBatches_ThrowsOnRepeatedPair()
    {
        Assert.Throws<DataQualityException>(() => TelemetryTable.Concat([Table(("1", 1, 1)), Table(("1", 1, 2))]));
    }

    [Fact]
    public void WithChannels_NewColumns_KeepsRowsAndCopiesValues()
    {
        TelemetryTable table = Table(("1", 1, 10), ("1", 2, 11), ("2", 1, 20));
        double[] doubled = [20, 22, 40];
        TelemetrySchema schema = Schema.WithChannels([new ChannelDefinition("v2")]);

        TelemetryTable result = table.WithChannels(schema, [doubled]);
        doubled[0] = -1;

        Assert.Same(schema, result.Schema);
        Assert.Equal(["1", "2"], result.AssetIds);
        Assert.Equal([1L, 2, 1], result.Times.ToArray());
        Assert.Equal([20.0, 22, 40], result.GetChannel("v2").ToArray());
    }

    [Fact]
    public void WithChannels_WrongShapes_Throw()
    {
        TelemetryTable table = Table(("1", 1, 10), ("1", 2, 11));
        var schemaError = Assert.Throws<SchemaException>(() => table.WithChannels(new TelemetrySchema("asset", "t", "v"), [new double[2]]));
        Assert.Equal("The new schema must keep the asset column, time column and time kind: expected 'asset', 'time' (UtcTimestamp), got 'asset', 't' (UtcTimestamp).", schemaError.Message);
        var lengthError = Assert.Throws<ArgumentException>("columns", () => table.WithChannels(Schema, [new double[3]]));
        Assert.StartsWith("Column 0 ('v') has 3 values; the table has 2 rows.", lengthError.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("columns", () => table.WithChannels(Schema, []));
    }
}
