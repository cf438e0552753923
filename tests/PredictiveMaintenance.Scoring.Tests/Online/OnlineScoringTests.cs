using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Scoring.Tests.Online;

public class OnlineScoringTests
{
    // Every operator online scoring supports: time windows (including order statistics), row windows, exponentially
    // weighted means and variances by rows and by time, lags and differences.
    private const string EveryOperator =
        "volt: mean(24h), std(24h), median(6h), min(3h), max(3h); rotate: mean(5), std(8), sum(3); " +
        "pressure: ewm_mean(span=12), ewm_var(halflife=6h), lag(2), diff(1); vibration: mean(24h), std(24h), slope(12h), max(6h)";

    private static async Task<ModelScorer> LoadAsync(ScoringFixture fixture, string spec, TelemetryTable training, AlarmSmoothing? smoothing = null)
    {
        await fixture.RegisterAsync(spec, training, smoothing: smoothing);
        return await ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForVersion(ScoringFixture.Model, 1), fixture.Options);
    }

    private static double[] Reading(TelemetryTable telemetry, IReadOnlyList<string> channels, int row) =>
        [.. channels.Select(c => telemetry.GetChannel(c)[row])];

    [Theory]
    [InlineData(EveryOperator)]
    [InlineData("volt: mean(24h), std(24h); vibration: mean(24h), std(24h)")]
    public async Task ScoreReading_EveryRowInOrder_EqualsBatchScoringBitForBit(string spec)
    {
        using var fixture = new ScoringFixture();
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 3, hours: 200);
        using ModelScorer scorer = await LoadAsync(fixture, spec, telemetry, new AlarmSmoothing(2, 4));
        ScoringResult batch = scorer.Score(telemetry);

        var online = new OnlinePrediction[telemetry.RowCount];
        for (int row = 0; row < telemetry.RowCount; row++)
        {
            online[row] = scorer.ScoreReading(telemetry.AssetIds[telemetry.GetAssetCodeOfRow(row)], telemetry.Times[row], Reading(telemetry, scorer.InputChannels, row));
        }

        Assert.Equal(batch.Values.ToArray().Select(BitConverter.DoubleToInt64Bits), online.Select(p => BitConverter.DoubleToInt64Bits(p.Score)));
        Assert.Equal(batch.Alarms.ToArray(), online.Select(p => p.Alarm));
        Assert.Equal(batch.UnscoredCount, online.Count(p => !p.IsScored));
        Assert.All(online, p => Assert.Equal(1, p.ModelVersion));
        Assert.Contains(online, p => p.Alarm);
    }

    [Fact]
    public async Task ScoreReadings_SeveralThreadsAtOnce_EqualBatchScoring()
    {
        using var fixture = new ScoringFixture();
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 8, hours: 150, seed: 21);
        using ModelScorer scorer = await LoadAsync(fixture, EveryOperator, telemetry, new AlarmSmoothing(2, 3));
        ScoringResult batch = scorer.Score(telemetry);
        var online = new OnlinePrediction[telemetry.RowCount];
        int width = scorer.InputChannels.Count;

        // Four threads, two assets each, fed in small batches of up to five readings.
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            for (int asset = worker; asset < telemetry.AssetCount; asset += 4)
            {
                Range rows = telemetry.GetAssetRows(asset);
                (int start, int length) = rows.GetOffsetAndLength(telemetry.RowCount);
                for (int first = start; first < start + length; first += 5)
                {
                    int count = Math.Min(5, start + length - first);
                    double[] values = [.. Enumerable.Range(first, count).SelectMany(r => Reading(telemetry, scorer.InputChannels, r))];
                    Assert.Equal(count * width, values.Length);
                    scorer.ScoreReadings(telemetry.AssetIds[asset], telemetry.Times.Slice(first, count), values, online.AsSpan(first, count));
                }
            }
        });

        Assert.Equal(batch.Values.ToArray(), online.Select(p => p.Score));
        Assert.Equal(batch.Alarms.ToArray(), online.Select(p => p.Alarm));
        Assert.Equal(Enumerable.Range(0, telemetry.RowCount).Select(r => telemetry.AssetIds[telemetry.GetAssetCodeOfRow(r)]), online.Select(p => p.AssetId));
    }

    [Fact]
    public async Task ScoreReading_OutOfTimeOrder_NamesTheAssetAndTimes()
    {
        using var fixture = new ScoringFixture();
        using ModelScorer scorer = await LoadAsync(fixture, "volt: mean(24h); vibration: max(6h)", ScoringFixture.Telemetry(assets: 2, hours: 60));
        long time = UnixTime.ToMicroseconds(new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc));
        scorer.ScoreReading("m7", time, [170.0, 40]);

        var error = Assert.Throws<ScoringInputException>(() => scorer.ScoreReading("m7", time, [171.0, 41]));
        Assert.Equal(("datetime", "Asset 'm7': the reading at 2026-11-23T10:00:00Z is not after its last reading at 2026-11-23T10:00:00Z; online readings of an asset must arrive in time order."), (error.Column, error.Message));
    }

    [Fact]
    public async Task ScoreReading_WrongValueCount_SaysWhichChannels()
    {
        using var fixture = new ScoringFixture();
        using ModelScorer scorer = await LoadAsync(fixture, "volt: mean(24h); vibration: max(6h)", ScoringFixture.Telemetry(assets: 2, hours: 60));

        var error = Assert.Throws<ArgumentException>(() => scorer.ScoreReading("m1", 0, [1.0, 2, 3]));
        Assert.Equal("model 'pump-detector' version 1 reads 2 values per reading (volt, vibration); 3 values are not 1 reading(s). (Parameter 'values')", error.Message);
    }

    [Fact]
    public async Task ScoreReading_TumblingFeatures_IsNotSupported()
    {
        using var fixture = new ScoringFixture();
        using ModelScorer scorer = await LoadAsync(fixture, "tumbling(1h); volt: mean, max; vibration: mean", ScoringFixture.Telemetry(assets: 2, hours: 60));

        var error = Assert.Throws<NotSupportedException>(() => scorer.ScoreReading("m1", 0, [1.0, 2]));
        Assert.StartsWith("Model 'pump-detector' version 1 reads tumbling features (", error.Message, StringComparison.Ordinal);
        Assert.Equal(120, scorer.Score(ScoringFixture.Telemetry(assets: 2, hours: 60)).RowCount);
    }

    [Fact]
    public async Task ScoreReading_AfterRefresh_UsesTheNewVersion()
    {
        using var fixture = new ScoringFixture();
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 2, hours: 60);
        await fixture.RegisterAsync("volt: mean(24h); vibration: max(6h)", telemetry);
        await fixture.Registry.TransitionAsync(ScoringFixture.Model, 1, ModelStage.Production, "ci", "release");
        using ModelScorer scorer = await ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForStage(ScoringFixture.Model, ModelStage.Production), fixture.Options);
        OnlinePrediction before = scorer.ScoreReading("m1", 10, [170.0, 40]);
        await fixture.RegisterAsync("volt: mean(24h); vibration: max(6h)", telemetry, seed: 5);
        await fixture.Registry.TransitionAsync(ScoringFixture.Model, 2, ModelStage.Production, "ci", "retrained");

        await scorer.RefreshAsync();
        OnlinePrediction after = scorer.ScoreReading("m1", 5, [170.0, 40]);

        Assert.Equal((1, 2), (before.ModelVersion, after.ModelVersion));
    }
}
