namespace PredictiveMaintenance.Models.Tests.Regression;

public class RemainingLifeTests
{
    [Fact]
    public void RunToFailure_CyclesPerAsset_CountsDownToZeroUnderTheCap()
    {
        var schema = new TelemetrySchema("unit", "cycle", TimeKind.Cycle, [new ChannelDefinition("s")]);
        var builder = new TelemetryTableBuilder(schema);
        for (int cycle = 1; cycle <= 5; cycle++)
        {
            builder.Add("2", cycle, [0.0]);
        }

        for (int cycle = 1; cycle <= 3; cycle++)
        {
            builder.Add("1", cycle, [0.0]);
        }

        TelemetryTable table = builder.Build();

        // Asset order is natural ("1" before "2"); the cap of 3 flattens the start of unit 2.
        Assert.Equal([2.0, 1, 0, 3, 3, 2, 1, 0], RemainingLife.RunToFailure(table, cap: 3));
        Assert.Equal([2.0, 1, 0, 4, 3, 2, 1, 0], RemainingLife.RunToFailure(table, double.PositiveInfinity));
    }

    [Fact]
    public void TimeUnitsBetween_Timestamps_AreHours()
    {
        Assert.Equal(1.5, RemainingLife.TimeUnitsBetween(TimeKind.UtcTimestamp, 0, 90 * 60 * UnixTime.MicrosecondsPerSecond));
        Assert.Equal(7, RemainingLife.TimeUnitsBetween(TimeKind.Cycle, 3, 10));
    }

    [Fact]
    public void RunToFailure_NonPositiveCap_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RemainingLife.RunToFailure(SyntheticFleet.Create(1, 1, 1), 0));
    }
}
