using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.Joins.Tests;

public class AsOfJoinTests
{
    // Rows at cycles 1..6 of asset a; events of a at 2 (x), 4 (x), 4 (y) and of b (no rows) at 3.
    private static readonly TelemetryTable Rows = TestData.Table(TimeKind.Cycle, ("a", [1, 2, 3, 4, 5, 6]));
    private static readonly EventTable Events = EventTable.Create(TimeKind.Cycle, [new("a", 4, "y"), new("a", 2, "x"), new("a", 4, "x"), new("b", 3, "x")]);

    [Fact]
    public void Backward_EventAtRowTime_IsNotYetKnown()
    {
        // Events of a sorted: 0 = (2, x), 1 = (4, x), 2 = (4, y).
        Assert.Equal([-1, -1, 0, 0, 2, 2], AsOfJoin.Backward(Rows, Events));
        Assert.Equal([-1, -1, 0, 0, 1, 1], AsOfJoin.Backward(Rows, Events, "x"));
        Assert.Equal([-1, -1, -1, -1, -1, -1], AsOfJoin.Backward(Rows, Events, "missing"));
    }

    [Fact]
    public void Backward_Tolerance_KeepsMatchesWithinIt()
    {
        Assert.Equal([-1, -1, 0, -1, 2, -1], AsOfJoin.Backward(Rows, Events, tolerance: Duration.Cycles(1)));
        Assert.Equal([-1, -1, 0, 0, 2, 2], AsOfJoin.Backward(Rows, Events, tolerance: Duration.Cycles(2)));
    }

    [Fact]
    public void Forward_EventAtRowTime_Matches()
    {
        Assert.Equal([0, 0, 1, 1, -1, -1], AsOfJoin.Forward(Rows, Events));
        Assert.Equal([2, 2, 2, 2, -1, -1], AsOfJoin.Forward(Rows, Events, "y"));
        Assert.Equal([-1, 0, -1, 1, -1, -1], AsOfJoin.Forward(Rows, Events, tolerance: Duration.Cycles(1)));
    }

    [Fact]
    public void Backward_TimeKindsDiffer_ThrowsNamingBoth()
    {
        var error = Assert.Throws<SchemaException>(() => AsOfJoin.Backward(Rows, EventTable.Empty(TimeKind.UtcTimestamp)));
        Assert.Equal("The event log counts time as UtcTimestamp, but the telemetry table's time column 'time' is Cycle.", error.Message);
        var tolerance = Assert.Throws<SchemaException>(() => AsOfJoin.Forward(Rows, Events, tolerance: Duration.Hours(1)));
        Assert.Equal("The tolerance is the time span 1h, but the table's time column counts cycles; use Duration.Cycles.", tolerance.Message);
    }

    [Property(MaxTest = 150, Replay = "(2022919,209459)")]
    public Property Backward_AnyFleet_MatchesReference() =>
        Prop.ForAll(Fleets.Of(TimeKind.UtcTimestamp).ToArbitrary(), Gen.Elements<string?>(null, "c2").ToArbitrary(), Gen.Choose(1, 8).ToArbitrary(), (fleet, category, halfHours) =>
        {
            EventTable events = EventTable.Create(TimeKind.UtcTimestamp, fleet.Events);
            long tolerance = halfHours * UnixTime.MicrosecondsPerHour / 2;
            int[] any = AsOfJoin.Backward(fleet.Table, events, category);
            int[] near = AsOfJoin.Backward(fleet.Table, events, category, Duration.FromTimeSpan(TimeSpan.FromMinutes(30 * halfHours)));
            string[]? categories = category is null ? null : [category];
            return Matches(events, any).SequenceEqual(Reference.Backward(fleet.Table, fleet.Events, long.MaxValue, categories))
                && Matches(events, near).SequenceEqual(Reference.Backward(fleet.Table, fleet.Events, tolerance, categories));
        });

    [Property(MaxTest = 150, Replay = "(2030838,418917)")]
    public Property Forward_AnyFleet_MatchesReference() =>
        Prop.ForAll(Fleets.Of(TimeKind.Cycle).ToArbitrary(), Gen.Elements<string?>(null, "c10").ToArbitrary(), Gen.Choose(1, 8).ToArbitrary(), (fleet, category, cycles) =>
        {
            EventTable events = EventTable.Create(TimeKind.Cycle, fleet.Events);
            string[]? categories = category is null ? null : [category];
            return Matches(events, AsOfJoin.Forward(fleet.Table, events, category)).SequenceEqual(Reference.Forward(fleet.Table, fleet.Events, long.MaxValue, categories))
                && Matches(events, AsOfJoin.Forward(fleet.Table, events, category, Duration.Cycles(cycles))).SequenceEqual(Reference.Forward(fleet.Table, fleet.Events, cycles, categories));
        });

    private static IEnumerable<(long, string)?> Matches(EventTable events, int[] indices) =>
        indices.Select(i => i < 0 ? null : ((long, string)?)(events.Times[i], events.Categories[events.CategoryCodes[i]]));
}
