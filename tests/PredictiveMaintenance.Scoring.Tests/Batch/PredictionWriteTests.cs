using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.IO;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Scoring.Tests.Batch;

public class PredictionWriteTests
{
    private const string Spec = "volt: mean(24h), std(24h); vibration: mean(24h), std(24h)";

    private static async Task<ModelScorer> LoadAsync(ScoringFixture fixture, TelemetryTable training)
    {
        await fixture.RegisterAsync(Spec, training);
        await fixture.Registry.TransitionAsync(ScoringFixture.Model, 1, ModelStage.Production, "ci", "release");
        return await ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForStage(ScoringFixture.Model, ModelStage.Production), fixture.Options);
    }

    [Fact]
    public async Task ScoreToDeltaAsync_SameTableTwice_AppendsNothingTheSecondTime()
    {
        using var fixture = new ScoringFixture();
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 3, hours: 120);
        using ModelScorer scorer = await LoadAsync(fixture, telemetry);

        PredictionWriteResult first = await scorer.ScoreToDeltaAsync(telemetry, fixture.PredictionsPath);
        PredictionWriteResult second = await scorer.ScoreToDeltaAsync(telemetry, fixture.PredictionsPath);
        PredictionWriteResult other = await scorer.ScoreToDeltaAsync(telemetry.SelectAssets(["machine001"]), fixture.PredictionsPath);

        Assert.Equal((1L, false), (first.TableVersion, first.Skipped));
        Assert.Equal(first.Scoring!.ScoredCount, first.RowsWritten);
        Assert.Equal((null, 0L, true, null), (second.TableVersion, second.RowsWritten, second.Skipped, second.Scoring));
        Assert.Equal(first.ApplicationId, second.ApplicationId);
        Assert.Equal((2L, false), (other.TableVersion, other.Skipped));
        List<PredictionRow> rows = await PredictionsReader.ReadAsync(fixture.PredictionsPath);
        Assert.Equal(first.RowsWritten + other.RowsWritten, rows.Count);
        DeltaSnapshot predictions = await DeltaTable.Open(fixture.PredictionsPath).GetSnapshotAsync();
        Assert.Equal(0, predictions.Transactions[first.ApplicationId]);
        Assert.Equal(2, predictions.Version);
    }

    [Fact]
    public async Task ScoreToDeltaAsync_Rows_CarryTheDocumentedColumns()
    {
        using var fixture = new ScoringFixture();
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 2, hours: 48);
        using ModelScorer scorer = await LoadAsync(fixture, telemetry);

        PredictionWriteResult written = await scorer.ScoreToDeltaAsync(telemetry, fixture.PredictionsPath);

        ScoringResult result = written.Scoring!;
        List<PredictionRow> rows = await PredictionsReader.ReadAsync(fixture.PredictionsPath);
        int[] scored = [.. Enumerable.Range(0, result.RowCount).Where(r => !double.IsNaN(result.Values[r]))];
        long now = UnixTime.ToMicroseconds(fixture.Clock.GetUtcNow().UtcDateTime);
        Assert.Equal(
            scored.Select(r => new PredictionRow(
                result.Features.GetAssetCodeOfRow(r) == 0 ? "machine001" : "machine002", telemetry.Times[r], result.Values[r], result.Alarms[r], null, "pump-detector", 1, now, null)),
            rows);
        Assert.Equal(PredictionTable.CreateSchema(TimeKind.UtcTimestamp), (await DeltaTable.Open(fixture.PredictionsPath).GetSnapshotAsync()).Schema);
    }

    [Fact]
    public async Task ScoreToDeltaAsync_DeltaSnapshot_RecordsItsVersionAndSkipsItThereafter()
    {
        using var fixture = new ScoringFixture();
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 2, hours: 96);
        using ModelScorer scorer = await LoadAsync(fixture, telemetry);
        string inputPath = Path.Combine(fixture.Folder, "telemetry");
        DeltaTable input = await DeltaTable.CreateAsync(inputPath, telemetry.Schema);
        await input.AppendAsync(telemetry.SelectAssets(["machine001"]));

        PredictionWriteResult first = await scorer.ScoreToDeltaAsync(await input.GetSnapshotAsync(), fixture.PredictionsPath);
        PredictionWriteResult again = await scorer.ScoreToDeltaAsync(await input.GetSnapshotAsync(), fixture.PredictionsPath);
        await input.AppendAsync(telemetry.SelectAssets(["machine002"]));
        PredictionWriteResult next = await scorer.ScoreToDeltaAsync(await input.GetSnapshotAsync(), fixture.PredictionsPath);
        PredictionWriteResult older = await scorer.ScoreToDeltaAsync(await input.GetSnapshotAtVersionAsync(1), fixture.PredictionsPath);

        Assert.Equal((1L, false, 1L), (first.ApplicationVersion, first.Skipped, first.InputTableVersion));
        Assert.True(again.Skipped);
        Assert.Equal((2L, false, 2L), (next.ApplicationVersion, next.Skipped, next.InputTableVersion));
        Assert.True(older.Skipped);
        List<PredictionRow> rows = await PredictionsReader.ReadAsync(fixture.PredictionsPath);
        Assert.Equal(first.RowsWritten + next.RowsWritten, rows.Count);
        Assert.Equal([1L, 2L], rows.Select(r => r.InputTableVersion!.Value).Distinct().Order());
        Assert.Equal(telemetry.RowCount, next.Scoring!.RowCount);
    }

    [Fact]
    public async Task ScoreToDeltaAsync_ChannelOfTheWrongType_NamesIt()
    {
        using var fixture = new ScoringFixture();
        using ModelScorer scorer = await LoadAsync(fixture, ScoringFixture.Telemetry(assets: 2, hours: 48));
        string inputPath = Path.Combine(fixture.Folder, "text-telemetry");
        var schema = new DeltaStructType(
            new DeltaStructField("machineID", DeltaPrimitiveType.String),
            new DeltaStructField("datetime", DeltaPrimitiveType.Timestamp),
            new DeltaStructField("volt", DeltaPrimitiveType.Double),
            new DeltaStructField("vibration", DeltaPrimitiveType.String));
        DeltaTable input = await DeltaTable.CreateAsync(inputPath, schema);

        var error = await Assert.ThrowsAsync<ScoringInputException>(() => scorer.ScoreToDeltaAsync(input.GetSnapshotAsync().Result, fixture.PredictionsPath));
        Assert.Equal("vibration", error.Column);
        Assert.Equal($"Column 'vibration' of '{Path.GetFullPath(inputPath)}' at version 0 is of type string; model 'pump-detector' version 1 reads it as a number (double, float, long, integer, short, byte or decimal).", error.Message);
        Assert.False(DeltaTable.Exists(fixture.PredictionsPath));
    }

    [Fact]
    public async Task ScoreFilesToDeltaAsync_SameFilesTwice_AppendsNothingTheSecondTime()
    {
        using var fixture = new ScoringFixture();
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 2, hours: 72);
        using ModelScorer scorer = await LoadAsync(fixture, telemetry);
        string csv = Path.Combine(fixture.Folder, "telemetry.csv");
        await File.WriteAllLinesAsync(csv, ["datetime,machineID,volt,vibration", .. Enumerable.Range(0, telemetry.RowCount).Select(r =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{UnixTime.Format(telemetry.Times[r])},{telemetry.AssetIds[telemetry.GetAssetCodeOfRow(r)]},{telemetry.GetChannel("volt")[r]:R},{telemetry.GetChannel("vibration")[r]:R}").Replace("NaN", "", StringComparison.Ordinal))]);
        var options = new DelimitedTextOptions { Columns = new TelemetryColumnMapping { AssetColumn = "machineID", TimeColumn = "datetime" } };

        PredictionWriteResult first = await scorer.ScoreFilesToDeltaAsync([csv], options, fixture.PredictionsPath);
        PredictionWriteResult second = await scorer.ScoreFilesToDeltaAsync([csv], options, fixture.PredictionsPath);

        Assert.Equal((false, true), (first.Skipped, second.Skipped));
        Assert.Equal(first.ApplicationId, second.ApplicationId);
        Assert.Equal(scorer.Score(telemetry).Values.ToArray(), first.Scoring!.Values.ToArray());
        Assert.Equal(first.RowsWritten, (await PredictionsReader.ReadAsync(fixture.PredictionsPath)).Count);
    }
}
