using PredictiveMaintenance.Models;
using PredictiveMaintenance.Models.Torch;

namespace PredictiveMaintenance.Scoring.Tests.Models;

public class ScoringModelLoadersTests
{
    /// <summary>The one registration an application makes to score TorchSharp sequence regressors.</summary>
    private static ScoringModelLoaders WithTorch() => ScoringModelLoaders.CreateDefault().Add(SequenceRegressionModel.ModelType, (artifact, source) =>
    {
        SequenceRegressionModel model = SequenceRegressionModel.FromArtifact(artifact, source);
        return ScoringModel.FromRowPredictor(SequenceRegressionModel.ModelType, model.Normalizer.Channels, model.PredictRows, model);
    });

    [Fact]
    public void CreateDefault_KnowsTheModelsOfModels()
    {
        Assert.Equal(["boosted-regressor", "isolation-forest", "mahalanobis", "mlnet-randomized-pca", "pca-spc"], ScoringModelLoaders.CreateDefault().ModelTypes);
        Assert.Equal(["boosted-regressor", "isolation-forest", "mahalanobis", "mlnet-randomized-pca", "pca-spc", "torch-sequence-regressor"], WithTorch().ModelTypes);
    }

    [Fact]
    public void Add_SameTypeTwice_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => ScoringModelLoaders.CreateDefault().Add("isolation-forest", (_, _) => throw new InvalidOperationException()));
        Assert.Equal("Model type 'isolation-forest' already has a loader. (Parameter 'modelType')", error.Message);
    }

    [Fact]
    public async Task LoadAsync_RegisteredBoostedRegressor_ScoresTimeUntilServiceIntoDelta()
    {
        using var fixture = new ScoringFixture();
        TelemetryTable train = SyntheticFleet.Create(units: 12, regimes: 1, seed: 21);
        TelemetryTable test = SyntheticFleet.Create(units: 4, regimes: 1, seed: 22);
        BoostedRegressionModel model = BoostedRegressor.Fit(train, new BoostedRegressorOptions { Iterations = 20, MinimumRowsPerLeaf = 5, RemainingLifeCap = 60, Seed = 5 });
        double[] expected = model.PredictRows(test);
        string path = Path.Combine(fixture.Folder, "boosted.pdm");
        await model.SaveAsync(path);
        await fixture.Registry.RegisterAsync("tus", path, new Tracking.NewModelVersion { InputSchema = train.Schema });
        using ModelScorer scorer = await ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForVersion("tus", 1), fixture.Options);

        PredictionWriteResult written = await scorer.ScoreToDeltaAsync(test, fixture.PredictionsPath);

        Assert.Equal((PredictionKind.TimeUntilService, "boosted-regressor"), (scorer.Model.Kind, scorer.Model.ModelType));
        Assert.Equal(model.Normalizer.Channels, scorer.Model.Inputs);
        Assert.Equal(test.RowCount, written.RowsWritten);
        List<PredictionRow> rows = await PredictionsReader.ReadAsync(fixture.PredictionsPath);
        Assert.Equal(expected, rows.Select(r => r.TimeUntilService!.Value));
        Assert.Contains(rows, r => r.TimeUntilService!.Value is > 0 and < 60);
        Assert.All(rows, r => Assert.Equal((null, null, "tus", 1), (r.Score, r.Alarm, r.ModelName, r.ModelVersion)));
    }

    [Fact]
    public async Task LoadAsync_RegisteredSequenceRegressor_ScoresTimeUntilServiceIntoDelta()
    {
        using var fixture = new ScoringFixture();
        TelemetryTable train = SyntheticFleet.Create(units: 12, regimes: 1, seed: 11);
        TelemetryTable test = SyntheticFleet.Create(units: 4, regimes: 1, seed: 12);
        double[] expected;
        string path = Path.Combine(fixture.Folder, "rul.pdm");
        using (SequenceRegressionModel model = SequenceRegressor.Fit(train, new SequenceRegressorOptions { WindowLength = 8, Layers = 1, HiddenSize = 4, KernelSize = 3, DenseSize = 8, Epochs = 2, RemainingLifeCap = 60, Seed = 3 }))
        {
            expected = model.PredictRows(test);
            await model.SaveAsync(path);
        }

        await fixture.Registry.RegisterAsync("rul", path, new Tracking.NewModelVersion { InputSchema = train.Schema });
        var options = new ModelScorerOptions { Loaders = WithTorch(), TimeProvider = fixture.Clock };
        await Assert.ThrowsAsync<ModelArtifactException>(() => ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForVersion("rul", 1), fixture.Options));
        using ModelScorer scorer = await ModelScorer.LoadAsync(fixture.Registry, ModelReference.ForVersion("rul", 1), options);

        PredictionWriteResult written = await scorer.ScoreToDeltaAsync(test, fixture.PredictionsPath);

        Assert.Equal((PredictionKind.TimeUntilService, "torch-sequence-regressor"), (scorer.Model.Kind, scorer.Model.ModelType));
        Assert.Equal(expected, written.Scoring!.Values.ToArray());
        Assert.Equal(test.RowCount, written.RowsWritten);
        List<PredictionRow> rows = await PredictionsReader.ReadAsync(fixture.PredictionsPath);
        Assert.Equal(expected, rows.Select(r => r.TimeUntilService!.Value));
        Assert.All(rows, r => Assert.Equal((null, null), (r.Score, r.Alarm)));
        Assert.Equal(test.Times.ToArray(), rows.Select(r => r.Time));
        var online = Assert.Throws<NotSupportedException>(() => scorer.ScoreReading("u1", 1, [1.0, 2]));
        Assert.Equal("Model 'rul' version 1 is a torch-sequence-regressor model; online scoring supports anomaly detectors, which score each row on its own.", online.Message);
    }
}
