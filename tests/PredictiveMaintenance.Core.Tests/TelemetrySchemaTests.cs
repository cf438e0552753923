namespace PredictiveMaintenance.Tests;

public class TelemetrySchemaTests
{
    [Fact]
    public void Constructor_RepeatedName_ThrowsNamingIt()
    {
        var error = Assert.Throws<SchemaException>(() => new TelemetrySchema("machineID", "datetime", "volt", "machineID"));
        Assert.Equal("Column 'machineID' appears more than once in the telemetry schema.", error.Message);
        Assert.Throws<SchemaException>(() => new TelemetrySchema("a", "t", ""));
    }

    [Fact]
    public void Equals_SameColumnsAndRoles_AreEqual()
    {
        var a = new TelemetrySchema("unit", "cycle", TimeKind.Cycle, [new("setting1", ChannelRole.Setting), new("sensor2")]);
        var b = new TelemetrySchema("unit", "cycle", TimeKind.Cycle, [new("setting1", ChannelRole.Setting), new("sensor2")]);
        var c = new TelemetrySchema("unit", "cycle", TimeKind.Cycle, [new("setting1"), new("sensor2")]);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, c);
        Assert.Equal(1, a.IndexOf("sensor2"));
        Assert.Equal(-1, a.IndexOf("cycle"));
    }

    [Fact]
    public void FormatTime_ByKind()
    {
        Assert.Equal("cycle 12", new TelemetrySchema("u", "c", TimeKind.Cycle, []).FormatTime(12));
        Assert.Equal("2015-01-01T06:00:00Z", new TelemetrySchema("m", "t").FormatTime(UnixTime.ToMicroseconds(new DateTime(2015, 1, 1, 6, 0, 0, DateTimeKind.Utc))));
    }
}
