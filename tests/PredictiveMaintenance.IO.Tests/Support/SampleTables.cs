namespace PredictiveMaintenance.IO.Tests;

/// <summary>Small hand-made tables whose every value a test can name.</summary>
internal static class SampleTables
{
    public static readonly long Jan1 = UnixTime.ToMicroseconds(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    /// <summary>Two machines ("2" and "10", so natural order matters), hourly, a sensor with a gap and an infinity, a setting and a label.</summary>
    public static TelemetryTable Machines()
    {
        var schema = new TelemetrySchema(
            "machine", "time", TimeKind.UtcTimestamp,
            [new ChannelDefinition("volt"), new ChannelDefinition("speed", ChannelRole.Setting), new ChannelDefinition("failed", ChannelRole.Label)]);
        var builder = new TelemetryTableBuilder(schema);
        builder.Add("10", Jan1, [170.5, 1500, 0]);
        builder.Add("10", Jan1 + UnixTime.MicrosecondsPerHour, [double.NaN, 1500, 1]);
        builder.Add("2", Jan1, [-0.0, 1200, 0]);
        builder.Add("2", Jan1 + UnixTime.MicrosecondsPerHour, [double.PositiveInfinity, 1250, 0]);
        builder.Add("2", Jan1 + (2 * UnixTime.MicrosecondsPerHour), [165.25, 1250, 0]);
        return builder.Build();
    }
}
