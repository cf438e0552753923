namespace PredictiveMaintenance.Joins.Tests;

public class DurationTests
{
    [Fact]
    public void Name_EachUnit_IsLargestWholeUnit()
    {
        Assert.Equal("24h", Duration.Hours(24).Name);
        Assert.Equal("7d", Duration.Days(7).Name);
        Assert.Equal("48h", Duration.Hours(48).Name);
        Assert.Equal("2d", Duration.FromTimeSpan(TimeSpan.FromHours(48)).Name);
        Assert.Equal("90min", Duration.FromTimeSpan(TimeSpan.FromMinutes(90)).Name);
        Assert.Equal("250ms", Duration.FromTimeSpan(TimeSpan.FromMilliseconds(250)).Name);
        Assert.Equal("45s", Duration.FromTimeSpan(TimeSpan.FromSeconds(45)).Name);
        Assert.Equal("1500us", Duration.FromTimeSpan(TimeSpan.FromMicroseconds(1500)).Name);
        Assert.Equal("125cycles", Duration.Cycles(125).Name);
        Assert.Equal("125cycles", Duration.Cycles(125).ToString());
    }

    [Fact]
    public void Length_TimeSpan_IsMicroseconds()
    {
        Assert.Equal(24 * UnixTime.MicrosecondsPerHour, Duration.Hours(24).Length);
        Assert.Equal(7 * UnixTime.MicrosecondsPerDay, Duration.Days(7).Length);
        Assert.Equal(125, Duration.Cycles(125).Length);
        Assert.False(Duration.Days(1).IsCycles);
        Assert.True(Duration.Cycles(1).IsCycles);
        Assert.Equal(Duration.Hours(24), Duration.Days(1));
        Assert.Equal(Duration.Hours(24).GetHashCode(), Duration.FromTimeSpan(TimeSpan.FromDays(1)).GetHashCode());
        Assert.NotEqual(Duration.Cycles(24), Duration.FromTimeSpan(TimeSpan.FromMicroseconds(24)));
    }

    [Fact]
    public void Factories_NonPositive_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Duration.Hours(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Duration.Days(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Duration.Cycles(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Duration.FromTimeSpan(TimeSpan.FromTicks(9)));
    }

    [Fact]
    public void In_WrongTimeKind_ThrowsNamingTheFix()
    {
        var cycles = SchemaAssert(() => Duration.Hours(24).In(TimeKind.Cycle, "label horizon"));
        Assert.Equal("The label horizon is the time span 24h, but the table's time column counts cycles; use Duration.Cycles.", cycles.Message);
        var time = SchemaAssert(() => Duration.Cycles(30).In(TimeKind.UtcTimestamp, "event window"));
        Assert.Equal("The event window is 30cycles, but the table's time column holds timestamps; use a time span such as Duration.Hours.", time.Message);
        Assert.Equal(30, Duration.Cycles(30).In(TimeKind.Cycle, "x"));
        var unset = Assert.Throws<ArgumentException>(() => default(Duration).In(TimeKind.Cycle, "cap"));
        Assert.StartsWith("The cap is the default Duration, which has no length", unset.Message, StringComparison.Ordinal);
    }

    private static SchemaException SchemaAssert(Func<long> action) => Assert.Throws<SchemaException>(() => action());
}
