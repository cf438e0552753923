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
        Assert.Equal(PipelineFolder.Spec, production.FeatureSpecification);
        Assert.Equal(
            [(DataInputKind.DeltaTable, pipeline.TelemetryTablePath, 45L), (DataInputKind.DeltaTable, pipeline.FeaturesTablePath, 45L)],
            production.Lineage!.Inputs.Take(2).Select(i => (i.Kind, i.Path, i.Version!.Value)));
        Assert.Equal(4, production.Lineage.Inputs.Count(i => i.Kind == DataInputKind.File));
        Assert.Equal(7, production.Lineage.Seed);
        Assert.Equal("mlnet-fasttree-regression", (await registry.LoadArtifactAsync(production)).ModelType);
        var runs = await new ExperimentTracker(store).SearchRunsAsync(BatchPipeline.ExperimentName);
        Assert.Equal(4, runs.Count);
    }
}
