using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.Joins.Tests;

public class EventTableTests
{
    [Fact]
    public void Create_UnsortedEvents_SortsByAssetThenTimeThenCategory()
    {
        EventTable table = EventTable.Create(TimeKind.Cycle, [
            new("m10", 5, "c2"), new("m2", 7, "c10"), new("m2", 3, "c1"), new("m10", 5, "c1"), new("m2", 7, "c2"), new("m2", 7, "c2")]);

        Assert.Equal(["m2", "m10"], table.AssetIds);
        Assert.Equal(["c1", "c2", "c10"], table.Categories);
        Assert.Equal([0, 4, 6], table.AssetOffsets.ToArray());
        Assert.Equal([3L, 7, 7, 7, 5, 5], table.Times.ToArray());
        Assert.Equal([0, 1, 1, 2, 0, 1], table.CategoryCodes.ToArray());
        Assert.Equal(6, table.Count);
        Assert.Equal(TimeKind.Cycle, table.TimeKind);
        Assert.Equal(new Range(4, 6), table.GetAssetEvents(1));
        Assert.True(table.TryGetAssetCode("m10", out int code));
        Assert.Equal(1, code);
        Assert.False(table.TryGetAssetCode("m3", out code));
        Assert.Equal(-1, code);
        Assert.Equal(2, table.IndexOfCategory("c10"));
        Assert.Equal(-1, table.IndexOfCategory("c3"));
    }

    [Fact]
    public void FromMaintenance_Kinds_KeepsOnlyThoseKinds()
    {
        var day = new DateTime(2015, 1, 1, 6, 0, 0, DateTimeKind.Utc);
        MaintenanceEvent[] records = [
            new("1", day, "comp1", MaintenanceKind.Replacement),
            new("1", day.AddDays(1), "comp2", MaintenanceKind.Scheduled),
            new("1", day.AddDays(2), "comp1", MaintenanceKind.Unscheduled)];

        EventTable all = EventTable.FromMaintenance(records);
        EventTable replacements = EventTable.FromMaintenance(records, MaintenanceKind.Replacement);
        EventTable unplanned = EventTable.FromMaintenance(records, MaintenanceKind.Unscheduled, MaintenanceKind.Replacement);

        Assert.Equal(3, all.Count);
        Assert.Equal([UnixTime.ToMicroseconds(day)], replacements.Times.ToArray());
        Assert.Equal(["comp1"], replacements.Categories);
        Assert.Equal([UnixTime.ToMicroseconds(day), UnixTime.ToMicroseconds(day.AddDays(2))], unplanned.Times.ToArray());
        Assert.Equal(TimeKind.UtcTimestamp, all.TimeKind);
        Assert.Throws<ArgumentOutOfRangeException>(() => EventTable.FromMaintenance(records, (MaintenanceKind)7));
    }

    [Fact]
    public void FromFailuresAndErrors_Records_CategoryIsComponentOrCode()
    {
        var time = new DateTime(2015, 3, 1, 6, 0, 0, DateTimeKind.Utc);
        EventTable failures = EventTable.FromFailures([new("7", time, "comp4"), new("7", time, "comp2")]);
        EventTable errors = EventTable.FromErrors([new("3", time, "error5")]);

        Assert.Equal(["comp2", "comp4"], failures.Categories);
        Assert.Equal([0, 1], failures.CategoryCodes.ToArray());
        Assert.Equal(["error5"], errors.Categories);
        Assert.Equal([UnixTime.ToMicroseconds(time)], errors.Times.ToArray());
    }

    [Fact]
    public void Before_Cutoff_KeepsEarlierEventsAndCategoryCodes()
    {
        EventTable table = EventTable.Create(TimeKind.Cycle, [new("a", 1, "x"), new("a", 5, "y"), new("b", 4, "y"), new("b", 2, "x")]);

        EventTable before = table.Before(4);

        Assert.Equal([0, 1, 2], before.AssetOffsets.ToArray());
        Assert.Equal([1L, 2], before.Times.ToArray());
        Assert.Equal(["x", "y"], before.Categories);
        Assert.Equal(["a", "b"], before.AssetIds);
    }

    [Fact]
    public void DistinctTimes_SimultaneousEvents_BecomeOne()
    {
        EventTable table = EventTable.Create(TimeKind.Cycle, [new("a", 1, "x"), new("a", 1, "y"), new("a", 3, "y"), new("b", 3, "x"), new("b", 3, "x")]);

        EventTable visits = table.DistinctTimes();

        Assert.Equal([0, 2, 3], visits.AssetOffsets.ToArray());
        Assert.Equal([1L, 3, 3], visits.Times.ToArray());
        Assert.Equal([0, 1, 0], visits.CategoryCodes.ToArray());
    }

    [Fact]
    public void Empty_NoEvents()
    {
        EventTable empty = EventTable.Empty(TimeKind.UtcTimestamp);

        Assert.Equal(0, empty.Count);
        Assert.Empty(empty.AssetIds);
        Assert.Empty(empty.Categories);
        Assert.Equal([0], empty.AssetOffsets.ToArray());
    }

    [Fact]
    public void Create_EmptyIds_Throw()
    {
        Assert.Throws<ArgumentException>(() => EventTable.Create(TimeKind.Cycle, [new("", 1, "x")]));
        Assert.Throws<ArgumentException>(() => EventTable.Create(TimeKind.Cycle, [new("a", 1, "")]));
        Assert.Throws<ArgumentOutOfRangeException>(() => EventTable.Create((TimeKind)9, []));
    }

    [Property(MaxTest = 200, Replay = "(2078352,1675665)")]
    public Property Create_AnyEvents_HoldsTheSameEventsGroupedAndSorted() =>
        Prop.ForAll(Fleets.Of(TimeKind.Cycle).ToArbitrary(), fleet =>
        {
            EventTable table = EventTable.Create(TimeKind.Cycle, fleet.Events);
            var held = new List<(string, long, string)>();
            for (int a = 0; a < table.AssetIds.Count; a++)
            {
                for (int e = table.AssetOffsets[a]; e < table.AssetOffsets[a + 1]; e++)
                {
                    held.Add((table.AssetIds[a], table.Times[e], table.Categories[table.CategoryCodes[e]]));
                }
            }

            var expected = fleet.Events
                .OrderBy(e => e.AssetId, AssetIdComparer.Instance).ThenBy(e => e.Time).ThenBy(e => e.Category, AssetIdComparer.Instance)
                .Select(e => (e.AssetId, e.Time, e.Category));
            return held.SequenceEqual(expected) && table.AssetOffsets[^1] == fleet.Events.Length;
        });
}
