namespace PredictiveMaintenance.Models.Tests;

public class FeatureMatrixTests
{
    private static TelemetryTable Table()
    {
        var schema = new TelemetrySchema("asset", "time", TimeKind.Cycle, [new("a"), new("b"), new("label", ChannelRole.Label)]);
        var builder = new TelemetryTableBuilder(schema);
        builder.Add("m2", 1, [1, 10, 0]);
        builder.Add("m1", 1, [2, 20, 0]);
        builder.Add("m1", 2, [3, double.NaN, 1]);
        return builder.Build();
    }

    [Fact]
    public void FromTable_DefaultChannels_TakesNonLabelChannelsRowMajorWithOneSegmentPerAsset()
    {
        FeatureMatrix matrix = FeatureMatrix.FromTable(Table());

        Assert.Equal(["a", "b"], matrix.ColumnNames);
        Assert.Equal((3, 2, 2), (matrix.RowCount, matrix.ColumnCount, matrix.SegmentCount));
        Assert.Equal([2.0, 20, 3, double.NaN, 1, 10], matrix.Values.ToArray());
        Assert.Equal([0, 2, 3], matrix.SegmentOffsets.ToArray());
        Assert.True(matrix.HasMissing(1));
        Assert.False(matrix.HasMissing(0));
    }

    [Fact]
    public void FromTable_NamedChannels_KeepsTheirOrder()
    {
        FeatureMatrix matrix = FeatureMatrix.FromTable(Table(), ["b", "a"]);

        Assert.Equal(["b", "a"], matrix.ColumnNames);
        Assert.Equal([20.0, 2], matrix.GetRow(0).ToArray());
    }

    [Fact]
    public void FromTable_UnknownChannel_ThrowsNamingTheChannels()
    {
        var e = Assert.Throws<SchemaException>(() => FeatureMatrix.FromTable(Table(), ["a", "volt"]));

        Assert.Equal("The table has no channel 'volt'; it has a, b, label.", e.Message);
    }

    [Fact]
    public void Constructor_ValuesNotWholeRows_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new FeatureMatrix([1.0, 2, 3], 2));

        Assert.StartsWith("3 values are not a whole number of rows of 2 columns.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_OffsetsNotEndingAtRowCount_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new FeatureMatrix([1.0, 2, 3, 4], 1, null, [0, 2, 3]));

        Assert.StartsWith("Segment offsets must start at 0 and end at the row count 4; they are [0, 2, 3].", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_CopiesTheValues()
    {
        double[] values = [1, 2];
        var matrix = new FeatureMatrix(values, 1);
        values[0] = 99;

        Assert.Equal(1, matrix.GetRow(0)[0]);
        Assert.Equal(["f0"], matrix.ColumnNames);
    }

    [Fact]
    public void Slice_AcrossSegments_KeepsTheCutsInside()
    {
        var matrix = new FeatureMatrix([0.0, 1, 2, 3, 4, 5], 1, null, [0, 2, 5, 6]);

        FeatureMatrix slice = matrix.Slice(1, 4);

        Assert.Equal([1.0, 2, 3, 4], slice.Values.ToArray());
        Assert.Equal([0, 1, 4], slice.SegmentOffsets.ToArray());
    }

    [Fact]
    public void FromRows_RaggedRows_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => FeatureMatrix.FromRows([[1.0, 2], [3.0]]));

        Assert.StartsWith("Row 1 has 1 values; row 0 has 2.", e.Message, StringComparison.Ordinal);
    }
}
