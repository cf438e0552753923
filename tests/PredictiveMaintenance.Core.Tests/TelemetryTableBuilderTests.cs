using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.Tests;

public class TelemetryTableBuilderTests
{
    private static readonly TelemetrySchema Schema = new("asset", "time", "a", "b");

    [Fact]
    public void Build_UnsortedRows_SortsByNaturalAssetOrderThenTime()
    {
        var builder = new TelemetryTableBuilder(Schema);
        builder.Add("10", 5, [1, 10]);
        builder.Add("2", 7, [2, 20]);
        builder.Add("10", 3, [3, 30]);
        builder.Add("2", 1, [4, double.NaN]);

        TelemetryTable table = builder.Build();

        Assert.Equal(["2", "10"], table.AssetIds);
        Assert.Equal([0, 2, 4], table.AssetOffsets.ToArray());
        Assert.Equal([1L, 7, 3, 5], table.Times.ToArray());
        Assert.Equal([4.0, 2, 3, 1], table.GetChannel("a").ToArray());
        Assert.Equal([double.NaN, 20, 30, 10], table.GetChannel(1).ToArray());
        Assert.Equal([3L, 5], table.GetTimes(1).ToArray());
        Assert.Equal([30.0, 10], table.GetChannel(1, 1).ToArray());
    }

    [Fact]
    public void Build_SortedInput_KeepsRowsAndEmptiesBuilder()
    {
        var builder = new TelemetryTableBuilder(Schema, capacity: 2);
        for (int i = 0; i < 3000; i++)
        {
            builder.Add(i < 1500 ? "1" : "2", i, [i, -i]);
        }

        TelemetryTable table = builder.Build();

        Assert.Equal(3000, table.RowCount);
        Assert.Equal(2999.0, table.GetChannel(0)[2999]);
        Assert.Equal(0, builder.Count);
        builder.Add("x", 1, [0, 0]);
        Assert.Equal(1, builder.Build().RowCount);
        Assert.Equal(3000, table.RowCount);
    }

    [Fact]
    public void Build_DuplicatePairs_KeepsFirstInsertedAndReportsTheRest()
    {
        var builder = new TelemetryTableBuilder(Schema);
        builder.Add("1", 2, [1, 1]);
        builder.Add("1", 1, [2, 2]);
        builder.Add("1", 2, [3, 3]);
        builder.Add("1", 2, [4, 4]);
        var duplicates = new List<DuplicateRow>();

        TelemetryTable table = builder.Build(duplicates);

        Assert.Equal([1L, 2], table.Times.ToArray());
        Assert.Equal([2.0, 1], table.GetChannel(0).ToArray());
        Assert.Equal([new DuplicateRow(2, 0, "1", 2), new DuplicateRow(3, 0, "1", 2)], duplicates);
    }

    [Fact]
    public void Build_AssetRegisteredWithoutRows_IsLeftOut()
    {
        var builder = new TelemetryTableBuilder(Schema);
        builder.GetOrAddAsset("1");
        builder.Add("3", 5, [1, 2]);
        builder.GetOrAddAsset("2");
        builder.Add("3", 6, [3, 4]);

        TelemetryTable table = builder.Build();

        Assert.Equal(["3"], table.AssetIds);
        Assert.Equal([0, 2], table.AssetOffsets.ToArray());
        Assert.Equal(0, table.GetAssetCodeOfRow(1));
        Assert.False(table.TryGetAssetCode("1", out _));
    }

    [Fact]
    public void Build_DuplicatesWithoutList_ThrowsNamingRowsAssetAndTime()
    {
        var builder = new TelemetryTableBuilder(new TelemetrySchema("m", "t", "v"));
        builder.Add("7", UnixTime.MicrosecondsPerHour, [1]);
        builder.Add("7", UnixTime.MicrosecondsPerHour, [2]);

        var error = Assert.Throws<DataQualityException>(() => builder.Build());

        Assert.Equal(
            "1 row(s) repeat an (asset, time) pair; the first is row 1, which repeats row 0 (asset '7', 1970-01-01T01:00:00Z). " +
            "Clean the input or call Build with a duplicate list to keep the first of each.",
            error.Message);
    }

    [Fact]
    public void Add_WrongValueCount_Throws()
    {
        var builder = new TelemetryTableBuilder(Schema);
        Assert.Throws<ArgumentException>(() => builder.Add("1", 0, [1.0]));
        Assert.Throws<ArgumentException>(() => builder.Add("", 0, [1.0, 2.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.Add(3, 0, [1.0, 2.0]));
    }

    [Property(MaxTest = 200)]
    public Property Build_AnyRows_MatchesNaiveStableSortWithFirstDuplicateKept()
    {
        Gen<(int Asset, long Time, double Value)> row =
            from asset in Gen.Choose(0, 12)
            from time in Gen.Choose(-5, 40)
            from value in Gen.Elements(1.5, -2.0, double.NaN, 1e300)
            select (asset, (long)time, value);
        return Prop.ForAll(Gen.ListOf(row).ToArbitrary(), rows =>
        {
            var builder = new TelemetryTableBuilder(new TelemetrySchema("asset", "time", "v"));
            foreach (var (asset, time, value) in rows)
            {
                builder.Add($"m{asset}", time, [value]);
            }

            var duplicates = new List<DuplicateRow>();
            TelemetryTable table = builder.Build(duplicates);

            var expected = rows
                .Select((r, index) => (Id: $"m{r.Asset}", r.Time, r.Value, Index: index))
                .GroupBy(r => (r.Id, r.Time))
                .Select(g => g.First())
                .OrderBy(r => r.Id, AssetIdComparer.Instance).ThenBy(r => r.Time)
                .ToList();
            var actual = Enumerable.Range(0, table.RowCount)
                .Select(i => (Id: table.AssetIds[table.GetAssetCodeOfRow(i)], Time: table.Times[i], Value: table.GetChannel(0)[i]))
                .ToList();
            return expected.Select(e => (e.Id, e.Time, e.Value)).SequenceEqual(actual)
                && duplicates.Count == rows.Count - expected.Count;
        });
    }
}
