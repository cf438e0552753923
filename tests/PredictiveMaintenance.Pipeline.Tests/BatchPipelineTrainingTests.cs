using PredictiveMaintenance.Models;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Pipeline.Tests;

public sealed class BatchPipelineTrainingTests
{
    private static readonly string[] Machines = ["1", "2", "3", "4", "5", "7"];

    [Fact]
    public async Task TrainAsync_TwiceOnTheSameTables_RegistersTwoVersionsAndPromotesOnlyTheFirst()
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(Machines, days: 45);
        BatchPipeline pipeline = folder.Open();
        await pipeline.IngestAsync();

        TrainingSummary first = await pipeline.TrainAsync();
        TrainingSummary second = await pipeline.TrainAsync();

        Assert.Equal([BatchPipeline.AnomalyModelName, BatchPipeline.TimeToServiceModelName], first.Models.Select(m => m.Name));
        Assert.All(first.Models, m => Assert.Equal((1, true), (m.Version, m.Promoted)));
        Assert.All(second.Models, m => Assert.Equal((2, false), (m.Version, m.Promoted)));
        Assert.Equal(first.Models.Select(m => m.Metrics), second.Models.Select(m => m.Metrics));
        Assert.InRange(first.Models[0].Metrics["test_roc_auc"], 0.5, 1.0);
        Assert.True(first.Models[1].Metrics["test_mae_hours"] > 0);
        Assert.Equal(
            "version 2 has test_mae_hours " + FormattableString.Invariant($"{first.Models[1].Metrics["test_mae_hours"]}") + ", which does not beat Production version 1's "
                + FormattableString.Invariant($"{first.Models[1].Metrics["test_mae_hours"]}") + " (lower is better)",
            second.Models[1].PromotionReason);

        var store = FolderTrackingStore.Open(pipeline.TrackingFolder);
        var registry = new ModelRegistry(store);
        ModelVersion production = (await registry.GetLatestAsync(BatchPipeline.TimeToServiceModelName, ModelStage.Production))!;
        Assert.Equal(1, production.Version);
        // The models read the training set's columns as they are: the registry holds that schema, and no specification for a scorer to compute.
        Assert.Null(production.FeatureSpecification);
        Assert.Equal(PipelineFolder.Spec, production.Lineage!.FeatureSpecification);
        Assert.Contains("\"hours_since_maintenance_comp1\"", production.InputSchemaJson, StringComparison.Ordinal);
        Assert.Equal(
            [(DataInputKind.DeltaTable, pipeline.TelemetryTablePath, 45L), (DataInputKind.DeltaTable, pipeline.FeaturesTablePath, 45L)],
            production.Lineage!.Inputs.Take(2).Select(i => (i.Kind, i.Path, i.Version!.Value)));
        Assert.Equal(4, production.Lineage.Inputs.Count(i => i.Kind == DataInputKind.File));
        Assert.Equal(7, production.Lineage.Seed);
        Assert.Equal(BoostedRegressionModel.ModelType, (await registry.LoadArtifactAsync(production)).ModelType);
        var runs = await new ExperimentTracker(store).SearchRunsAsync(BatchPipeline.ExperimentName);
        Assert.Equal(4, runs.Count);
    }

    [Fact]
    public async Task TrainAsync_FewerDaysThanHeldOut_ThrowsNamingTheSettings()
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(Machines, days: 3);
        BatchPipeline pipeline = folder.Open();
        await pipeline.IngestAsync();

        var error = await Assert.ThrowsAsync<PredictiveMaintenanceException>(() => pipeline.TrainAsync());

        Assert.Equal(
            "Not enough history to train: the telemetry spans 2015-01-01T06:00:00Z to 2015-01-03T23:00:00Z, and with the last 7 days held out ($.training.testDays) " +
            "and a 24 h embargo before them ($.training.horizonHours), the training part has 0 rows and the held-out part 396. Ingest more days or lower $.training.testDays.",
            error.Message);
    }

    [Fact]
    public async Task ScoreAsync_NewBatchesAfterTraining_ScoresEachRowOncePerModelAndRerunAddsNothing()
    {
        using PipelineFolder folder = await PipelineFolder.CreateAsync(Machines, days: 47);
        string held = Path.Combine(folder.Root, "held");
        Directory.CreateDirectory(held);
        string[] lastDays = [.. Directory.GetFiles(folder.Staging).Order(StringComparer.Ordinal).TakeLast(2)];
        foreach (string file in lastDays)
        {
            File.Move(file, Path.Combine(held, Path.GetFileName(file)));
        }

        BatchPipeline pipeline = folder.Open();
        IngestSummary ingested = await pipeline.IngestAsync();
        Assert.Empty((await pipeline.ScoreAsync()).Models);
        await pipeline.TrainAsync();
        ScoringSummary first = await pipeline.ScoreAsync();
        foreach (string file in lastDays)
        {
            File.Move(Path.Combine(held, Path.GetFileName(file)), file);
        }

        BatchRunSummary second = await pipeline.RunOnceAsync();
        BatchRunSummary third = await pipeline.RunOnceAsync();

        long before = ingested.RowsAccepted;
        long added = second.Ingest.RowsAccepted;
        Assert.True(added > 0);
        // Rows a model cannot score (the anomaly detector's first hours of each window) are counted, not written.
        Assert.Equal([(BatchPipeline.AnomalyModelName, before), (BatchPipeline.TimeToServiceModelName, before)], first.Models.Select(m => (m.Name, m.RowsWritten + m.RowsUnscored)));
        Assert.Equal(0, first.Models[1].RowsUnscored);
        Assert.Null(second.Training);
        Assert.Equal([(BatchPipeline.AnomalyModelName, 1, added, 0), (BatchPipeline.TimeToServiceModelName, 1, added, 0)], second.Scoring.Models.Select(m => (m.Name, m.Version, m.RowsWritten, m.RowsUnscored)));
        Assert.All(third.Scoring.Models, m => Assert.Equal((0L, true), (m.RowsWritten, m.AlreadyScored)));
        Assert.Equal(second.Ingest.Tables with { PredictionsVersion = null }, third.Ingest.Tables with { PredictionsVersion = null });
        PipelineTables tables = await pipeline.GetTablesAsync();
        Assert.Equal(4, tables.PredictionsVersion);

        List<(string Asset, long Time, string Model, double? Score, double? TimeUntilService)> predictions = await TableReads.ReadPredictionsAsync(pipeline.PredictionsTablePath);
        Assert.Equal(first.RowsWritten + second.Scoring.RowsWritten, predictions.Count);
        Assert.Equal(before + added, predictions.Count(p => p.Model == BatchPipeline.TimeToServiceModelName));
        Assert.Equal(predictions.Count, predictions.Select(p => (p.Asset, p.Time, p.Model)).Distinct().Count());
        Assert.All(predictions.Where(p => p.Model == BatchPipeline.TimeToServiceModelName), p => Assert.InRange(p.TimeUntilService!.Value, 0, 30 * 24));
        Assert.Contains(predictions, p => p.Model == BatchPipeline.AnomalyModelName && p.Score is > 0);
        Assert.True(File.Exists(third.Dashboard));
        Assert.Equal(pipeline.DashboardPath, third.Dashboard);
    }
}
