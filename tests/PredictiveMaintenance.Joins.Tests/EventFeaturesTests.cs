using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.Joins.Tests;

public class EventFeaturesTests
{
    [Fact]
    public void TimeSince_HourlyRows_HoursSinceStrictlyEarlierEvent()
    {
        // Rows at hours 0..5 of 2015-01-01; replacements at hour 1 and at hour 3.5 (between rows), and one at hour 5.
        TelemetryTable rows = TestData.Hourly(("1", 0, 6));
        EventTable events = EventTable.Create(TimeKind.UtcTimestamp, [
            new("1", TestData.Hour(1), "comp1"), new("1", TestData.Hour(3) + (UnixTime.MicrosecondsPerHour / 2), "comp1"), new("1", TestData.Hour(5), "comp2")]);

        Assert.Equal([double.NaN, double.NaN, 1, 2, 0.5, 1.5], EventFeatures.TimeSince(rows, events, "comp1"));
        Assert.Equal([double.NaN, double.NaN, 1, 2, 0.5, 1.5], EventFeatures.TimeSince(rows, events));
        Assert.Equal([double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN], EventFeatures.TimeSince(rows, events, "comp2"));
    }

    [Fact]
    public void CountInWindow_WindowIsHalfOpenIntoThePast()
    {
        // Rows at cycles 0..6; events at 1, 1, 3 and 6. A 2-cycle window at t counts events in [t - 2, t).
        TelemetryTable rows = TestData.Table(TimeKind.Cycle, ("a", [0, 1, 2, 3, 4, 5, 6]));
        EventTable events = EventTable.Create(TimeKind.Cycle, [new("a", 1, "e"), new("a", 1, "e"), new("a", 3, "f"), new("a", 6, "e")]);

        Assert.Equal([0, 0, 2, 2, 1, 1, 0], EventFeatures.CountInWindow(rows, events, Duration.Cycles(2)));
        Assert.Equal([0, 0, 2, 2, 0, 0, 0], EventFeatures.CountInWindow(rows, events, Duration.Cycles(2), "e"));
        Assert.Equal([0, 0, 2, 2, 3, 3, 3], EventFeatures.CountInWindow(rows, events, Duration.Cycles(100)));
    }

    [Fact]
    public void CountInWindow_WrongWindowKind_Throws()
    {
        TelemetryTable rows = TestData.Hourly(("1", 0, 2));
        var error = Assert.Throws<SchemaException>(() => EventFeatures.CountInWindow(rows, EventTable.Empty(TimeKind.UtcTimestamp), Duration.Cycles(3)));
        Assert.Equal("The window is 3cycles, but the table's time column holds timestamps; use a time span such as Duration.Hours.", error.Message);
    }

    [Property(MaxTest = 150, Replay = "(2038757,628375)")]
    public Property TimeSince_AnyFleet_MatchesReference() =>
        Prop.ForAll(Fleets.Of(TimeKind.UtcTimestamp).ToArbitrary(), Gen.Elements<string?>(null, "c1", "c10").ToArbitrary(), (fleet, category) =>
        {
            EventTable events = EventTable.Create(TimeKind.UtcTimestamp, fleet.Events);
            return EventFeatures.TimeSince(fleet.Table, events, category)
                .SequenceEqual(Reference.TimeSince(fleet.Table, fleet.Events, category is null ? null : [category]));
        });

    [Property(MaxTest = 150, Replay = "(2046676,837833)")]
    public Property CountInWindow_AnyFleet_MatchesReference() =>
        Prop.ForAll(Fleets.Of(TimeKind.Cycle).ToArbitrary(), Gen.Elements<string?>(null, "c3").ToArbitrary(), Gen.Choose(1, 30).ToArbitrary(), (fleet, category, window) =>
        {
            EventTable events = EventTable.Create(TimeKind.Cycle, fleet.Events);
            return EventFeatures.CountInWindow(fleet.Table, events, Duration.Cycles(window), category)
                .SequenceEqual(Reference.CountInWindow(fleet.Table, fleet.Events, window, category is null ? null : [category]));
        });
}
