namespace PredictiveMaintenance.Joins.Tests;

/// <summary>Helpers shared by the Joins tests: the shipped data folder and small tables built by hand.</summary>
internal static class TestData
{
    /// <summary>2015-01-01T00:00:00Z in table time.</summary>
    public static readonly long Epoch2015 = UnixTime.ToMicroseconds(new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    /// <summary>A path under the shipped data folder (samples/data, copied next to the test assembly).</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([AppContext.BaseDirectory, "data", .. parts]);

    /// <summary>Table time of a UTC date and time.</summary>
    public static long At(int year, int month, int day, int hour = 0) => UnixTime.ToMicroseconds(new DateTime(year, month, day, hour, 0, 0, DateTimeKind.Utc));

    /// <summary>Table time <paramref name="hours"/> after 2015-01-01T00:00:00Z.</summary>
    public static long Hour(int hours) => Epoch2015 + (hours * UnixTime.MicrosecondsPerHour);

    /// <summary>A one-channel table with a row at each given time of each asset (value = row number).</summary>
    public static TelemetryTable Table(TimeKind timeKind, params (string Asset, long[] Times)[] assets)
    {
        var builder = new TelemetryTableBuilder(new TelemetrySchema("asset", "time", timeKind, [new ChannelDefinition("x")]));
        int row = 0;
        foreach ((string asset, long[] times) in assets)
        {
            foreach (long time in times)
            {
                builder.Add(asset, time, [row++]);
            }
        }

        return builder.Build();
    }

    /// <summary>An hourly timestamp table: each asset has rows at hours <c>[first, first + count)</c> after 2015-01-01.</summary>
    public static TelemetryTable Hourly(params (string Asset, int First, int Count)[] assets) =>
        Table(TimeKind.UtcTimestamp, [.. assets.Select(a => (a.Asset, Enumerable.Range(a.First, a.Count).Select(Hour).ToArray()))]);

    /// <summary>The value of a channel at the row of an asset and time.</summary>
    public static double ValueAt(TelemetryTable table, string channel, string asset, long time)
    {
        Assert.True(table.TryGetAssetCode(asset, out int code), $"No asset '{asset}'.");
        int index = table.GetTimes(code).BinarySearch(time);
        Assert.True(index >= 0, $"No row of asset '{asset}' at {table.Schema.FormatTime(time)}.");
        return table.GetChannel(table.Schema.GetIndex(channel), code)[index];
    }

    /// <summary>Returns the values of a channel, for comparing whole columns.</summary>
    public static double[] Column(TelemetryTable table, string channel) => table.GetChannel(channel).ToArray();
}
