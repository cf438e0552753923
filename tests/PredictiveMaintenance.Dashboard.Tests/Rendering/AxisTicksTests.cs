namespace PredictiveMaintenance.Dashboard.Tests.Rendering;

public sealed class AxisTicksTests
{
    [Theory]
    [InlineData(0, 10, 5, 2)]
    [InlineData(0, 10, 4, 5)]
    [InlineData(0, 1, 4, 0.5)]
    [InlineData(97.3, 255.1, 4, 50)]
    [InlineData(-0.02, 0.013, 4, 0.01)]
    [InlineData(3, 3, 4, 1)]
    public void NiceStep_Ranges_AreOneTwoOrFiveTimesAPowerOfTen(double min, double max, int ticks, double expected) =>
        Assert.Equal(expected, AxisTicks.NiceStep(min, max, ticks), 12);

    [Fact]
    public void Values_DecimalSteps_AreExactMultiplesWithinTheRange()
    {
        Assert.Equal([0.1, 0.2, 0.3, 0.4], AxisTicks.Values(0.05, 0.42, 4));
        Assert.Equal("0.3", AxisTicks.FormatValue(0.3, 0.1));
        Assert.Equal("150", AxisTicks.FormatValue(150, 50));
    }

    [Fact]
    public void Times_NinetyDays_AreFortnightlyUtcMidnights()
    {
        long from = UnixTime.ToMicroseconds(new DateTime(2015, 1, 1, 6, 0, 0, DateTimeKind.Utc));
        long to = from + (90 * UnixTime.MicrosecondsPerDay);

        List<(long Time, string Label)> ticks = AxisTicks.Times(from, to, 8);

        Assert.Equal(["2015-01-15", "2015-01-29", "2015-02-12", "2015-02-26", "2015-03-12", "2015-03-26"], ticks.Select(t => t.Label));
        Assert.All(ticks, t => Assert.Equal(0, t.Time % UnixTime.MicrosecondsPerDay));
    }
}
