namespace PredictiveMaintenance.Dashboard.Tests.Reports;

public sealed class DashboardReportTests
{
    private static readonly long T0 = UnixTime.ToMicroseconds(new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc));

    [Fact]
    public void Fleet_MixedStates_RanksAlarmThenTimeUntilServiceThenScoreThenId()
    {
        AssetSeries[] assets =
        [
            Asset("m10", score: 0.2, alarm: false, service: 300),
            Asset("m2", score: 0.1, alarm: false, service: 50),
            Asset("m3", score: 0.9, alarm: false, service: double.NaN),
            Asset("m4", score: 0.3, alarm: true, service: 900),
            Asset("m5", score: 0.95, alarm: false, service: double.NaN),
            Asset("m9", score: double.NaN, alarm: false, service: double.NaN),
            Asset("m1", score: double.NaN, alarm: false, service: double.NaN),
            new AssetSeries("m0", ReadOnlyMemory<long>.Empty, [], PredictionSeries.Empty),
        ];

        var report = new DashboardReport("t", DateTimeOffset.UnixEpoch, TimeKind.UtcTimestamp, assets, [], []);

        Assert.Equal(["m4", "m2", "m10", "m5", "m3", "m0", "m1", "m9"], report.Fleet.Select(f => f.AssetId));
        Assert.Equal(["m4", "m2", "m10", "m5", "m3", "m0", "m1", "m9"], report.Assets.Select(a => a.AssetId));
        Assert.Equal(Enumerable.Range(1, 8), report.Fleet.Select(f => f.RiskRank));
        AssetSummary m4 = report.Fleet[0];
        Assert.Equal(new AssetSummary("m4", 1, T0 + UnixTime.MicrosecondsPerHour, T0 + UnixTime.MicrosecondsPerHour, 0.3, true, 1, 900), m4);
        Assert.Null(report.Fleet[5].LastReading);
        Assert.Null(report.Fleet[5].LastScored);
    }

    [Fact]
    public void Constructor_DuplicateAsset_Throws()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new DashboardReport("t", DateTimeOffset.UnixEpoch, TimeKind.UtcTimestamp, [Asset("a", 1, false, 1), Asset("a", 1, false, 1)], [], []));

        Assert.Equal("Asset 'a' appears more than once in the report. (Parameter 'assets')", e.Message);
    }

    [Fact]
    public void PredictionSeries_TimesNotIncreasing_ThrowsNamingBoth()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new PredictionSeries(new long[] { T0, T0 }, new double[2], new bool[2], new double[2]));

        Assert.Equal("Prediction times must increase; entry 1 (2024-05-01T00:00:00Z) is not after entry 0 (2024-05-01T00:00:00Z). (Parameter 'times')", e.Message);
    }

    [Fact]
    public void AssetSeries_ChannelOfAnotherLength_Throws()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new AssetSeries("a", new long[] { T0, T0 + 1 }, [new ChannelSeries("volt", new double[] { 1 })], PredictionSeries.Empty));

        Assert.Equal("Channel 'volt' of asset 'a' has 1 values for 2 readings. (Parameter 'channels')", e.Message);
    }

    /// <summary>An asset with two readings, the second scored as given (the first unscored, no alarm, no service time).</summary>
    internal static AssetSeries Asset(string id, double score, bool alarm, double service)
    {
        long[] times = [T0, T0 + UnixTime.MicrosecondsPerHour];
        return new AssetSeries(
            id,
            times,
            [new ChannelSeries("x", new double[] { 1, 2 })],
            new PredictionSeries(times, new[] { double.NaN, score }, new[] { false, alarm }, new[] { double.NaN, service }));
    }
}
