using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.Joins.Tests;

public class EventLabelsTests
{
    [Fact]
    public void OccursWithin_HourlyRows_LabelsTheHorizonHoursBeforeAndAtTheFailure()
    {
        // A failure at hour 30: with a 24 h horizon, rows at hours 7..30 (24 rows) see it in [t, t + 24h).
        TelemetryTable rows = TestData.Hourly(("1", 0, 40));
        EventTable failures = EventTable.Create(TimeKind.UtcTimestamp, [new("1", TestData.Hour(30), "comp1")]);

        double[] labels = EventLabels.OccursWithin(rows, failures, Duration.Hours(24));

        Assert.Equal(24, labels.Sum());
        Assert.Equal([.. Enumerable.Range(0, 40).Select(h => h is >= 7 and <= 30 ? 1.0 : 0.0)], labels);
    }

    [Fact]
    public void FirstWithin_TwoComponents_ClassOfTheEarliestAndLowestOnTies()
    {
        // Rows at cycles 0..5; comp2 fails at 2, comp1 and comp3 both at 4; horizon 2 cycles.
        TelemetryTable rows = TestData.Table(TimeKind.Cycle, ("a", [0, 1, 2, 3, 4, 5]));
        EventTable failures = EventTable.Create(TimeKind.Cycle, [new("a", 4, "comp3"), new("a", 2, "comp2"), new("a", 4, "comp1")]);

        Assert.Equal([0, 2, 2, 1, 1, 0], EventLabels.FirstWithin(rows, failures, Duration.Cycles(2), ["comp1", "comp2", "comp3"]));
        Assert.Equal([0, 0, 0, 2, 2, 0], EventLabels.FirstWithin(rows, failures, Duration.Cycles(2), ["comp3", "comp1"]));
    }

    [Fact]
    public void TimeUntil_NoLaterEvent_IsCensoredNotGuessed()
    {
        TelemetryTable rows = TestData.Table(TimeKind.Cycle, ("a", [0, 1, 2, 3, 4, 5, 6, 7]), ("b", [0, 1]));
        EventTable failures = EventTable.Create(TimeKind.Cycle, [new("a", 3, "f")]);

        double[] until = EventLabels.TimeUntil(rows, failures, out int censored);

        Assert.Equal([3, 2, 1, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN], until);
        Assert.Equal(6, censored);
    }

    [Fact]
    public void TimeUntil_Cap_CapsAndKnowsCappedValueWhenObservedLongEnough()
    {
        // With a cap of 2 cycles, rows 4 and 5 of a have no later failure but a is observed until 7, at least 2 later:
        // their capped value 2 is known. Rows 6 and 7 are censored.
        TelemetryTable rows = TestData.Table(TimeKind.Cycle, ("a", [0, 1, 2, 3, 4, 5, 6, 7]));
        EventTable failures = EventTable.Create(TimeKind.Cycle, [new("a", 3, "f")]);

        double[] until = EventLabels.TimeUntil(rows, failures, out int censored, cap: Duration.Cycles(2));

        Assert.Equal([2, 2, 1, 0, 2, 2, double.NaN, double.NaN], until);
        Assert.Equal(2, censored);
    }

    [Fact]
    public void TimeUntil_Hours_UnitIsHours()
    {
        TelemetryTable rows = TestData.Hourly(("1", 0, 3));
        EventTable failures = EventTable.Create(TimeKind.UtcTimestamp, [new("1", TestData.Hour(50) + (UnixTime.MicrosecondsPerHour / 4), "comp1")]);

        Assert.Equal([50.25, 49.25, 48.25], EventLabels.TimeUntil(rows, failures, out int censored));
        Assert.Equal(0, censored);
    }

    [Property(MaxTest = 150, Replay = "(2054595,1047291)")]
    public Property OccursWithin_AnyFleet_MatchesReference() =>
        Prop.ForAll(Fleets.Of(TimeKind.UtcTimestamp).ToArbitrary(), Gen.Elements<string?>(null, "c2").ToArbitrary(), Gen.Choose(1, 20).ToArbitrary(), (fleet, category, hours) =>
        {
            EventTable events = EventTable.Create(TimeKind.UtcTimestamp, fleet.Events);
            return EventLabels.OccursWithin(fleet.Table, events, Duration.Hours(hours), category)
                .SequenceEqual(Reference.OccursWithin(fleet.Table, fleet.Events, hours * UnixTime.MicrosecondsPerHour, category is null ? null : [category]));
        });

    [Property(MaxTest = 150, Replay = "(2062514,1256749)")]
    public Property FirstWithin_AnyFleet_MatchesReference() =>
        Prop.ForAll(Fleets.Of(TimeKind.Cycle).ToArbitrary(), Gen.Choose(1, 20).ToArbitrary(), (fleet, horizon) =>
        {
            EventTable events = EventTable.Create(TimeKind.Cycle, fleet.Events);
            string[] classes = ["c10", "c1", "c3"];
            return EventLabels.FirstWithin(fleet.Table, events, Duration.Cycles(horizon), classes)
                .SequenceEqual(Reference.FirstWithin(fleet.Table, fleet.Events, horizon, classes));
        });

    [Property(MaxTest = 150, Replay = "(2070433,1466207)")]
    public Property TimeUntil_AnyFleet_MatchesReference() =>
        Prop.ForAll(Fleets.Of(TimeKind.Cycle).ToArbitrary(), Gen.Elements<string?>(null, "c1").ToArbitrary(), Gen.Elements<int?>(null, 1, 5, 20).ToArbitrary(), (fleet, category, cap) =>
        {
            EventTable events = EventTable.Create(TimeKind.Cycle, fleet.Events);
            double[] actual = EventLabels.TimeUntil(fleet.Table, events, out int censored, category, cap is { } c ? Duration.Cycles(c) : null);
            double[] expected = Reference.TimeUntil(fleet.Table, fleet.Events, cap, category is null ? null : [category]);
            return actual.SequenceEqual(expected) && censored == expected.Count(double.IsNaN);
        });
}
