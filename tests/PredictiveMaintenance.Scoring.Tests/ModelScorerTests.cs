using PredictiveMaintenance.Features;
using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Scoring.Tests;

public class ModelScorerTests
{
    private const string Spec = "volt: mean(24h), std(24h); vibration: mean(24h), std(24h), max(6h)";

    [Fact]
    public async Task LoadAsync_ByStage_KnowsItsVersionSpecAndSchema()
    {
        using var fixture = new ScoringFixture();
        TelemetryTable telemetry = ScoringFixture.Telemetry();
        await fixture.RegisterAsync(Spec, telemetry);
        await fixture.RegisterAsync(Spec, telemetry, seed: 2);
        await fixture.Registry.TransitionAsync(ScoringFixture.Model, 2, ModelStage.Production, "ci", "first release");

        using ModelScorer scorer = await ModelScorer.LoadAsync(fixture.Registry, ModelReference.Parse("pump-detector@production"), fixture.Options);

        Assert.Equal(2, scorer.Version.Version);
        Assert.Equal(FeatureSpec.Parse(Spec), scorer.FeatureSpec);
        Assert.Equal(ScoringFixture.Schema, scorer.InputSchema);
        Assert.Equal(["volt", "vibration"], scorer.InputChannels);
        Assert.Equal(("isolation-forest", PredictionKind.Anomaly), (scorer.Model.ModelType, scorer.Model.Kind));
        Assert.Equal(FeatureSpec.Parse(Spec).OutputNames, scorer.Model.Inputs);
    }

    [Fact]
    public async Task LoadAsync_EmptyStage_SaysSo()
    {
        using var fixture = new ScoringFixture();
        await fixture.RegisterAsync(Spec, ScoringFixture.Telemetry());

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForStage(ScoringFixture.Model, ModelStage.Production)));
        Assert.Equal("Model 'pump-detector' has no version in stage Production.", error.Message);
    }

    [Fact]
    public async Task Score_Telemetry_EqualsFeatureComputerThenDetector()
    {
        using var fixture = new ScoringFixture();
        TelemetryTable telemetry = ScoringFixture.Telemetry();
        (ModelVersion version, IsolationForestDetector detector) = await fixture.RegisterAsync(Spec, telemetry, smoothing: new AlarmSmoothing(2, 3));
        using ModelScorer scorer = await ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForVersion(ScoringFixture.Model, 1), fixture.Options);

        ScoringResult result = scorer.Score(telemetry);

        AnomalyPredictions expected = detector.Predict(new FeatureComputer(FeatureSpec.Parse(Spec)).Compute(telemetry));
        Assert.Equal((version.Name, version.Version, version.ArtifactSha256), (result.Version.Name, result.Version.Version, result.Version.ArtifactSha256));
        Assert.Equal(telemetry.RowCount, result.RowCount);
        Assert.Equal(expected.Scores.ToArray(), result.Values.ToArray());
        Assert.Equal(expected.Alarms.ToArray(), result.Alarms.ToArray());
        Assert.InRange(result.AlarmCount, 1, 60);
    }

    [Fact]
    public async Task Score_RowsWithoutFeatures_AreReportedWithTheMissingInputs()
    {
        using var fixture = new ScoringFixture();
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 3);
        await fixture.RegisterAsync(Spec, telemetry);
        using ModelScorer scorer = await ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForVersion(ScoringFixture.Model, 1), fixture.Options);

        ScoringResult result = scorer.Score(telemetry);

        // A standard deviation needs two values: each machine's first reading has none, and NaN readings leave gaps.
        Assert.Equal(result.RowCount - result.ScoredCount, result.UnscoredCount);
        Assert.Equal(result.Values.ToArray().Count(double.IsNaN), result.UnscoredCount);
        Assert.Equal(
            [
                new UnscoredRow(0, "machine001", telemetry.Times[0], "missing model inputs: volt_std_24h, vibration_std_24h"),
                new UnscoredRow(240, "machine002", telemetry.Times[240], "missing model inputs: volt_std_24h, vibration_std_24h"),
                new UnscoredRow(480, "machine003", telemetry.Times[480], "missing model inputs: volt_std_24h, vibration_std_24h"),
            ],
            result.Unscored.Where(u => u.Row % 240 == 0));
    }

    [Fact]
    public async Task Score_MissingChannel_NamesIt()
    {
        using var fixture = new ScoringFixture();
        await fixture.RegisterAsync(Spec, ScoringFixture.Telemetry());
        using ModelScorer scorer = await ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForVersion(ScoringFixture.Model, 1), fixture.Options);
        TelemetryTable withoutVibration = new TelemetryTableBuilder(new TelemetrySchema("machineID", "datetime", "volt", "rotate")).Build();

        var error = Assert.Throws<ScoringInputException>(() => scorer.Score(withoutVibration));
        Assert.Equal("vibration", error.Column);
        Assert.Equal("The input has no channel 'vibration', which model 'pump-detector' version 1 needs; it has volt, rotate.", error.Message);
    }

    [Fact]
    public async Task Score_AllNaNChannel_NamesIt()
    {
        using var fixture = new ScoringFixture();
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 2, hours: 50);
        await fixture.RegisterAsync(Spec, telemetry);
        using ModelScorer scorer = await ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForVersion(ScoringFixture.Model, 1), fixture.Options);
        double[] nan = new double[telemetry.RowCount];
        Array.Fill(nan, double.NaN);
        TelemetryTable broken = telemetry.WithChannels(telemetry.Schema, [.. Enumerable.Range(0, 4).Select(c => c == 0 ? nan : telemetry.GetChannel(c).ToArray())]);

        var error = Assert.Throws<ScoringInputException>(() => scorer.Score(broken));
        Assert.Equal(("volt", "Channel 'volt' has no value in any of the input's 100 rows (all NaN); model 'pump-detector' version 1 needs it."), (error.Column, error.Message));
    }

    [Fact]
    public async Task Score_CyclesWhereTimestampsWereTrained_NamesTheTimeColumn()
    {
        using var fixture = new ScoringFixture();
        await fixture.RegisterAsync(Spec, ScoringFixture.Telemetry());
        using ModelScorer scorer = await ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForVersion(ScoringFixture.Model, 1), fixture.Options);
        var cycles = new TelemetryTableBuilder(new TelemetrySchema("machineID", "cycle", TimeKind.Cycle, ScoringFixture.Schema.Channels));
        cycles.Add("m", 1, [1.0, 2, 3, 4]);

        var error = Assert.Throws<ScoringInputException>(() => scorer.Score(cycles.Build()));
        Assert.Equal(("cycle", "The input's time column 'cycle' holds Cycle values; model 'pump-detector' version 1 was trained on UtcTimestamp time ('datetime')."), (error.Column, error.Message));
    }

    [Fact]
    public async Task RefreshAsync_NewProductionVersion_ScoresWithItWithoutARestart()
    {
        using var fixture = new ScoringFixture();
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 2, hours: 100);
        await fixture.RegisterAsync(Spec, telemetry, metric: 0.6);
        await fixture.Registry.PromoteAsync(ScoringFixture.Model, 1, new PromotionRule("f1", HigherIsBetter: true), "ci", "first");
        using ModelScorer scorer = await ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForStage(ScoringFixture.Model, ModelStage.Production), fixture.Options);
        PredictionWriteResult first = await scorer.ScoreToDeltaAsync(telemetry, fixture.PredictionsPath);

        Assert.False(await scorer.RefreshAsync());
        (_, IsolationForestDetector second) = await fixture.RegisterAsync(Spec, telemetry, seed: 9, metric: 0.7);
        await fixture.Registry.PromoteAsync(ScoringFixture.Model, 2, new PromotionRule("f1", HigherIsBetter: true), "ci", "better f1");
        Assert.True(await scorer.RefreshAsync());
        PredictionWriteResult again = await scorer.ScoreToDeltaAsync(telemetry, fixture.PredictionsPath);

        Assert.Equal(2, scorer.Version.Version);
        Assert.Equal((1, 2), (first.Scoring!.Version.Version, again.Scoring!.Version.Version));
        Assert.False(again.Skipped);
        Assert.Equal(second.Predict(new FeatureComputer(FeatureSpec.Parse(Spec)).Compute(telemetry)).Scores.ToArray(), again.Scoring.Values.ToArray());
        Assert.Matches("^pdm-scoring/pump-detector/2/sha256/[0-9a-f]{64}$", again.ApplicationId);
        Assert.Equal([1, 2], (await PredictionsReader.ReadAsync(fixture.PredictionsPath)).Select(p => p.ModelVersion).Distinct().Order());
    }

    [Fact]
    public async Task RefreshAsync_AliasMovedToAnotherVersion_LoadsIt()
    {
        using var fixture = new ScoringFixture();
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 2, hours: 60);
        await fixture.RegisterAsync(Spec, telemetry);
        await fixture.RegisterAsync(Spec, telemetry, seed: 3);
        await fixture.Registry.SetAliasAsync(ScoringFixture.Model, "champion", 1);
        using ModelScorer scorer = await ModelScorer.LoadAsync(fixture.Registry, ModelReference.Parse($"{ScoringFixture.Model}@champion"), fixture.Options);

        Assert.False(await scorer.RefreshAsync());
        await fixture.Registry.SetAliasAsync(ScoringFixture.Model, "champion", 2);
        Assert.True(await scorer.RefreshAsync());
        Assert.Equal(2, scorer.Version.Version);
        await fixture.Registry.DeleteAliasAsync(ScoringFixture.Model, "champion");
        Assert.False(await scorer.RefreshAsync());
        Assert.Equal(2, scorer.Version.Version);
        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForAlias(ScoringFixture.Model, "champion"), fixture.Options));
        Assert.Equal($"Model '{ScoringFixture.Model}' has no version with alias 'champion'.", error.Message);
    }

    [Fact]
    public async Task RefreshAsync_FixedVersion_KeepsIt()
    {
        using var fixture = new ScoringFixture();
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 2, hours: 60);
        await fixture.RegisterAsync(Spec, telemetry);
        await fixture.RegisterAsync(Spec, telemetry, seed: 3);
        await fixture.Registry.TransitionAsync(ScoringFixture.Model, 2, ModelStage.Production, "ci", "release");
        using ModelScorer scorer = await ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForVersion(ScoringFixture.Model, 1), fixture.Options);

        Assert.False(await scorer.RefreshAsync());
        Assert.Equal(1, scorer.Version.Version);
    }

    [Fact]
    public async Task LoadAsync_TamperedArtifact_IsRefused()
    {
        using var fixture = new ScoringFixture();
        (ModelVersion version, _) = await fixture.RegisterAsync(Spec, ScoringFixture.Telemetry(assets: 2, hours: 60));
        await fixture.Registry.TransitionAsync(ScoringFixture.Model, 1, ModelStage.Production, "ci", "release");
        string stored = Path.Combine(fixture.Store.Root, "models", ScoringFixture.Model, "versions", "1", version.ArtifactFileName);
        byte[] bytes = await File.ReadAllBytesAsync(stored);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(stored, bytes);

        var error = await Assert.ThrowsAsync<ModelArtifactException>(() => ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForStage(ScoringFixture.Model, ModelStage.Production), fixture.Options));
        Assert.StartsWith($"The artifact of version 1 of model 'pump-detector' ({stored}) has SHA-256 ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($", but {version.ArtifactSha256} was registered; it was altered or corrupted, so it is not loaded.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../../../../etc/passwd")]
    [InlineData("/etc/passwd")]
    public async Task LoadAsync_VersionDocumentPointingOutsideTheStore_IsRefused(string crafted)
    {
        using var fixture = new ScoringFixture();
        (ModelVersion version, _) = await fixture.RegisterAsync(Spec, ScoringFixture.Telemetry(assets: 2, hours: 60));
        string document = Path.Combine(fixture.Store.Root, "models", ScoringFixture.Model, "versions", "1", "version.json");
        string json = await File.ReadAllTextAsync(document);
        await File.WriteAllTextAsync(document, json.Replace($"\"{version.ArtifactFileName}\"", System.Text.Json.JsonSerializer.Serialize(crafted), StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<ModelArtifactException>(() => ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForVersion(ScoringFixture.Model, 1), fixture.Options));
        Assert.Equal($"The artifact of version 1 of model 'pump-detector' is named '{crafted}', which would leave the version's folder; refusing it.", error.Message);
    }

    [Fact]
    public async Task LoadAsync_ArtifactOfAnUnknownModelType_NamesTheKnownOnes()
    {
        using var fixture = new ScoringFixture();
        string path = Path.Combine(fixture.Folder, "custom.pdm");
        await new ModelArtifact("my-forecaster", 1, []).SaveAsync(path);
        await fixture.Registry.RegisterAsync("forecaster", path);

        var error = await Assert.ThrowsAsync<ModelArtifactException>(() => ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForVersion("forecaster", 1), fixture.Options));
        Assert.Equal("model 'forecaster' version 1 holds a 'my-forecaster' model, which no loader knows; the loaders know boosted-regressor, isolation-forest, mahalanobis, mlnet-randomized-pca, pca-spc. Register its package's loader with ScoringModelLoaders.Add.", error.Message);
    }

    [Fact]
    public async Task LoadAsync_ModelReadingAFeatureTheSpecLacks_IsRefused()
    {
        using var fixture = new ScoringFixture();
        TelemetryTable telemetry = ScoringFixture.Telemetry(assets: 2, hours: 60);
        (ModelVersion version, _) = await fixture.RegisterAsync(Spec, telemetry);
        string detector = Path.Combine(fixture.Store.Root, "models", ScoringFixture.Model, "versions", "1", version.ArtifactFileName);
        await fixture.Registry.RegisterAsync(ScoringFixture.Model, detector, new NewModelVersion { FeatureSpecification = "volt: mean(24h)", InputSchema = telemetry.Schema });

        var error = await Assert.ThrowsAsync<ModelArtifactException>(() => ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForVersion(ScoringFixture.Model, 2), fixture.Options));
        Assert.Equal("The isolation-forest model of model 'pump-detector' version 2 reads 'volt_std_24h', which its feature specification does not compute (it computes volt_mean_24h).", error.Message);
    }
}
