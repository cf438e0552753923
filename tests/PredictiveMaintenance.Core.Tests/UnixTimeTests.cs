namespace PredictiveMaintenance.Tests;

public class UnixTimeTests
{
    [Theory]
    [InlineData("1970-01-01T00:00:00Z", 0L)]
    [InlineData("2015-01-01T06:00:00Z", 1_420_092_000_000_000L)]
    [InlineData("1969-12-31T23:59:59.999999Z", -1L)]
    public void ToMicroseconds_AndBack_RoundTrips(string iso, long micros)
    {
        DateTime time = DateTime.Parse(iso, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.Equal(micros, UnixTime.ToMicroseconds(time));
        Assert.Equal(time, UnixTime.ToDateTime(micros));
        Assert.Equal(DateTimeKind.Utc, UnixTime.ToDateTime(micros).Kind);
        Assert.Equal(iso, UnixTime.Format(micros));
    }

    [Fact]
    public void ToMicroseconds_SubMicrosecondBeforeEpoch_RoundsTowardThePast()
    {
        Assert.Equal(-1, UnixTime.ToMicroseconds(DateTime.UnixEpoch.AddTicks(-1)));
        Assert.Equal(0, UnixTime.ToMicroseconds(DateTime.UnixEpoch.AddTicks(9)));
    }

    [Fact]
    public void EnsureUtc_LocalTime_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new FailureEvent("1", new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Local), "comp1"));
        Assert.Equal("time", error.ParamName);
        Assert.Equal(DateTimeKind.Utc, new FailureEvent("1", new DateTime(2015, 1, 1), "comp1").Time.Kind);
    }
}
