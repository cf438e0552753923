namespace PredictiveMaintenance.Tests;

public class TelemetryTableMarshalTests
{
    private static readonly TelemetrySchema Schema = new("asset", "time", "v");

    private static TelemetryTable Table()
    {
        var builder = new TelemetryTableBuilder(Schema);
        builder.Add("1", 1, [10]);
        builder.Add("1", 2, [11]);
        builder.Add("2", 1, [20]);
        return builder.Build();
    }

    [Fact]
    public void WithOwnedChannels_NewColumns_KeepsRowsAndHoldsTheGivenArrays()
    {
        TelemetryTable table = Table();
        double[] doubled = [20, 22, 40];
        TelemetrySchema schema = Schema.WithChannels([new ChannelDefinition("v2")]);

        TelemetryTable result = TelemetryTableMarshal.WithOwnedChannels(table, schema, [doubled]);

        Assert.Same(schema, result.Schema);
        Assert.Equal(["1", "2"], result.AssetIds);
        Assert.Equal([1L, 2, 1], result.Times.ToArray());
        Assert.True(result.GetChannel("v2").Overlaps(doubled), "The table reads the caller's array, not a copy.");
        Assert.Equal([20.0, 22, 40], result.GetChannel("v2").ToArray());
    }

    [Fact]
    public void WithOwnedChannels_WrongShapes_ThrowAsWithChannels()
    {
        TelemetryTable table = Table();
        Assert.Throws<ArgumentNullException>("table", () => TelemetryTableMarshal.WithOwnedChannels(null!, Schema, [new double[3]]));
        var schemaError = Assert.Throws<SchemaException>(() => TelemetryTableMarshal.WithOwnedChannels(table, new TelemetrySchema("asset", "t", "v"), [new double[3]]));
        Assert.Equal("The new schema must keep the asset column, time column and time kind: expected 'asset', 'time' (UtcTimestamp), got 'asset', 't' (UtcTimestamp).", schemaError.Message);
        var lengthError = Assert.Throws<ArgumentException>("columns", () => TelemetryTableMarshal.WithOwnedChannels(table, Schema, [new double[2]]));
        Assert.StartsWith("Column 0 ('v') has 2 values; the table has 3 rows.", lengthError.Message, StringComparison.Ordinal);
    }
}
