using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.Features;
using PredictiveMaintenance.IO;
using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Scoring.Tests;

/// <summary>The loop of issue 8 on the shipped Azure data: track a run, register, promote, load by stage, score into Delta, score again.</summary>
public class EndToEndTests
{
    private const string TelemetryFile = "data/azure-pdm/PdM_telemetry_SUBSET_machines001-020_first2160h.csv.gz";
    private const string Spec = "volt: mean(24h), std(24h); rotate: mean(24h), std(24h); pressure: mean(24h), std(24h); vibration: mean(24h), std(24h)";

    [Fact]
    public async Task AzureTelemetry_TrainRegisterPromoteScore_WritesEachScoredRowOnce()
    {
        using var fixture = new ScoringFixture();
        TelemetryTable azure = (await AzurePdmDataset.ReadTelemetryAsync(TelemetryFile)).Table;
        TelemetryTable training = azure.SelectAssets(["1", "2", "3"]);
        TelemetryTable scoring = azure.SelectAssets(["4", "5", "6", "7"]);

        // Train and track.
        var tracker = new ExperimentTracker(fixture.Store, fixture.Clock);
        string artifact = Path.Combine(fixture.Folder, "azure-iforest.pdm");
        string runId;
        await using (TrackedRun run = await tracker.StartRunAsync("azure-anomaly", "iforest-24h"))
        {
            var options = new IsolationForestOptions { Seed = 42, Trees = 100, Threshold = ThresholdRule.Fixed(0.6) };
            IsolationForestDetector detector = new IsolationForestTrainer(options).Fit(new FeatureComputer(FeatureSpec.Parse(Spec)).Compute(training));
            await detector.SaveAsync(artifact);
            await run.LogParameterAsync("trees", "100");
            await run.SetLineageAsync(new RunLineage([await DataInput.FileAsync(TelemetryFile)], Spec, "0.1.0", 42));
            await run.LogArtifactAsync(artifact);
            await run.EndAsync();
            runId = run.Id;
        }

        await fixture.Registry.RegisterAsync("azure-iforest", artifact, new NewModelVersion
        {
            RunId = runId,
            FeatureSpecification = Spec,
            InputSchema = azure.Schema,
            Metrics = new Dictionary<string, double> { ["alarm_rate"] = 0.01 },
            Lineage = (await tracker.SearchRunsAsync("azure-anomaly"))[0].Lineage,
        });
        PromotionDecision promoted = await fixture.Registry.PromoteAsync("azure-iforest", 1, new PromotionRule("alarm_rate", HigherIsBetter: false), "ci", "first model");

        // A scheduled job: load what is in Production and score the telemetry table into predictions.
        string inputPath = Path.Combine(fixture.Folder, "lake", "telemetry");
        DeltaTable input = await DeltaTable.CreateAsync(inputPath, scoring.Schema);
        await input.AppendAsync(scoring);
        using ModelScorer scorer = await ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForStage("azure-iforest", ModelStage.Production), fixture.Options);
        PredictionWriteResult first = await scorer.ScoreToDeltaAsync(await input.GetSnapshotAsync(), fixture.PredictionsPath);
        PredictionWriteResult second = await scorer.ScoreToDeltaAsync(await input.GetSnapshotAsync(), fixture.PredictionsPath);

        Assert.True(promoted.Promoted);
        Assert.Equal(4 * 2160, scoring.RowCount);
        ScoringResult result = first.Scoring!;
        Assert.Equal(scoring.RowCount, result.RowCount);
        Assert.Equal(4, result.UnscoredCount);
        Assert.All(result.Unscored, u => Assert.Equal("missing model inputs: volt_std_24h, rotate_std_24h, pressure_std_24h, vibration_std_24h", u.Reason));
        Assert.Equal(result.ScoredCount, first.RowsWritten);
        Assert.True(second.Skipped);
        List<PredictionRow> rows = await PredictionsReader.ReadAsync(fixture.PredictionsPath);
        Assert.Equal(result.ScoredCount, rows.Count);
        Assert.All(rows, r => Assert.Equal(("azure-iforest", 1, 1L), (r.ModelName, r.ModelVersion, r.InputTableVersion!.Value)));
        Assert.Equal(result.AlarmCount, rows.Count(r => r.Alarm == true));
        Assert.Equal(["4", "5", "6", "7"], rows.Select(r => r.Asset).Distinct());
        Assert.Equal(1, (await DeltaTable.Open(fixture.PredictionsPath).GetSnapshotAsync()).Version);
    }
}
