using System.Text.Json.Nodes;

namespace PredictiveMaintenance.Models.Tests.Regression;

public class BoostedRegressorTests
{
    private static BoostedRegressorOptions Small(BoostingAlgorithm algorithm = BoostingAlgorithm.LightGbm, int seed = 1, string? labelChannel = null) => new()
    {
        Algorithm = algorithm,
        DefaultFeatures = "mean(1), mean(10), slope(10)",
        Iterations = 60,
        Leaves = 8,
        MinimumRowsPerLeaf = 20,
        LearningRate = 0.1,
        RemainingLifeCap = 60,
        Seed = seed,
        LabelChannel = labelChannel,
    };

    [Theory]
    [InlineData(BoostingAlgorithm.LightGbm)]
    [InlineData(BoostingAlgorithm.FastTree)]
    public void Fit_RunToFailureFleet_BeatsPredictingTheMean(BoostingAlgorithm algorithm)
    {
        TelemetryTable train = SyntheticFleet.Create(units: 24, regimes: 1, seed: 31);
        TelemetryTable test = SyntheticFleet.Create(units: 12, regimes: 1, seed: 32);
        double[] truth = RemainingLife.RunToFailure(test, 60);

        BoostedRegressionModel model = BoostedRegressor.Fit(train, Small(algorithm));
        double[] predicted = model.PredictRows(test);

        Assert.Equal(test.RowCount, predicted.Length);
        Assert.All(predicted, p => Assert.InRange(p, 0, 60));
        double rmse = RegressionMetrics.RootMeanSquaredError(predicted, truth);
        Assert.True(rmse < 0.6 * SyntheticFleet.MeanPredictorRmse(truth), $"RMSE {rmse:F2} against {SyntheticFleet.MeanPredictorRmse(truth):F2} for the mean");
        Assert.Equal(algorithm, model.Algorithm);
        Assert.Equal(["wear", "noise"], model.Normalizer.Channels);
        Assert.Equal(
            ["wear_mean_1", "wear_mean_10", "wear_slope_10", "noise_mean_1", "noise_mean_10", "noise_slope_10"],
            model.Features.OutputNames);
    }

    [Fact]
    public void Fit_SixOperatingRegimes_NormalizesPerCondition()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 24, regimes: 6, seed: 33);
        TelemetryTable test = SyntheticFleet.Create(units: 12, regimes: 6, seed: 34);
        double[] truth = RemainingLife.RunToFailure(test, 60);

        BoostedRegressionModel model = BoostedRegressor.Fit(train, Small());
        double rmse = RegressionMetrics.RootMeanSquaredError(model.PredictRows(test), truth);

        Assert.Equal(6, model.Normalizer.ConditionCount);
        Assert.True(rmse < 0.6 * SyntheticFleet.MeanPredictorRmse(truth), $"RMSE {rmse:F2} against {SyntheticFleet.MeanPredictorRmse(truth):F2} for the mean");
    }

    [Theory]
    [InlineData(BoostingAlgorithm.LightGbm)]
    [InlineData(BoostingAlgorithm.FastTree)]
    public void Fit_SameSeed_GivesTheSamePredictions(BoostingAlgorithm algorithm)
    {
        TelemetryTable train = SyntheticFleet.Create(units: 12, regimes: 1, seed: 35);

        double[] first = BoostedRegressor.Fit(train, Small(algorithm, seed: 5)).PredictRows(train);
        double[] second = BoostedRegressor.Fit(train, Small(algorithm, seed: 5)).PredictRows(train);

        Assert.Equal(first.Select(BitConverter.DoubleToInt64Bits), second.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void PredictLast_IsThePredictionAtEachAssetsLastRow()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 12, regimes: 1, seed: 36);
        TelemetryTable test = SyntheticFleet.Create(units: 5, regimes: 1, seed: 37, truncate: true);
        BoostedRegressionModel model = BoostedRegressor.Fit(train, Small());

        double[] last = model.PredictLast(test);
        double[] rows = model.PredictRows(test);

        Assert.Equal(5, last.Length);
        for (int asset = 0; asset < test.AssetCount; asset++)
        {
            Assert.Equal(rows[test.AssetOffsets[asset + 1] - 1], last[asset]);
        }
    }

    [Fact]
    public void Fit_LabelChannelMissing_NamesTheChannels()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 4, regimes: 1, seed: 38);

        var error = Assert.Throws<SchemaException>(() => BoostedRegressor.Fit(train, new BoostedRegressorOptions { LabelChannel = "rul" }));

        Assert.Equal("The training table has no label channel 'rul'; its channels are setting1, setting2, wear, noise, flat, regime.", error.Message);
    }

    [Fact]
    public void Fit_LabelChannelWithUnlabelledRows_FitsTheNormalizationOnTheLabelledRowsOnly()
    {
        // Half the units have no label (censored): the trees never see them, so neither may the scaling and fill.
        TelemetryTable fleet = SyntheticFleet.Create(units: 8, regimes: 1, seed: 40);
        double[] label = new double[fleet.RowCount];
        double wearSum = 0;
        int labelledRows = 0;
        for (int asset = 0; asset < fleet.AssetCount; asset++)
        {
            for (int row = fleet.AssetOffsets[asset]; row < fleet.AssetOffsets[asset + 1]; row++)
            {
                bool labelled = asset % 2 == 0;
                label[row] = labelled ? 42 : double.NaN;
                wearSum += labelled ? fleet.GetChannel("wear")[row] : 0;
                labelledRows += labelled ? 1 : 0;
            }
        }

        double allRowsMean = fleet.GetChannel("wear").ToArray().Average();
        BoostedRegressionModel model = BoostedRegressor.Fit(SyntheticFleet.WithLabel(fleet, "rul", label), Small(labelChannel: "rul"));

        (double offset, _) = model.Normalizer.GetScaling(0, model.Normalizer.Channels.ToList().IndexOf("wear"));
        Assert.Equal(wearSum / labelledRows, offset, 9);
        Assert.NotEqual(allRowsMean, offset, 9);
    }

    [Fact]
    public void Fit_LabelChannel_TrainsOnTheGivenTargets()
    {
        // The label is a constant 42 everywhere, so a model of it predicts 42 whatever the features say.
        TelemetryTable fleet = SyntheticFleet.Create(units: 8, regimes: 1, seed: 39);
        TelemetryTable labelled = SyntheticFleet.WithLabel(fleet, "rul", [.. Enumerable.Repeat(42.0, fleet.RowCount)]);

        BoostedRegressionModel model = BoostedRegressor.Fit(labelled, Small(labelChannel: "rul"));

        Assert.All(model.PredictRows(fleet), p => Assert.Equal(42, p, 1e-3));
    }

    [Theory]
    [InlineData(BoostingAlgorithm.LightGbm)]
    [InlineData(BoostingAlgorithm.FastTree)]
    public async Task LoadAsync_SavedModel_PredictsTheSame(BoostingAlgorithm algorithm)
    {
        TelemetryTable train = SyntheticFleet.Create(units: 12, regimes: 6, seed: 40);
        BoostedRegressionModel model = BoostedRegressor.Fit(train, Small(algorithm));
        string path = Path.Combine(Path.GetTempPath(), $"gbm-{Guid.NewGuid():N}.pdm");
        try
        {
            await model.SaveAsync(path);
            BoostedRegressionModel loaded = await BoostedRegressionModel.LoadAsync(path);

            Assert.Equal(model.PredictRows(train).Select(BitConverter.DoubleToInt64Bits), loaded.PredictRows(train).Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal((algorithm, 60.0, 6), (loaded.Algorithm, loaded.RemainingLifeCap, loaded.Normalizer.ConditionCount));
            Assert.Equal(model.Features.ToString(), loaded.Features.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FromArtifact_FeaturesReadAChannelTheNormalizationDropped_IsRefused()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 8, regimes: 1, seed: 41);
        ModelArtifact artifact = BoostedRegressor.Fit(train, Small()).ToArtifact();
        JsonObject parameters = artifact.Parameters;
        parameters["features"] = "flat: mean(10)";
        ModelArtifact edited = Rebuild(artifact, parameters);

        var error = Assert.Throws<ModelArtifactException>(() => BoostedRegressionModel.FromArtifact(edited, "gbm.pdm"));

        Assert.Equal("gbm.pdm: the features read flat, which the normalization does not produce (wear, noise).", error.Message);
    }

    [Fact]
    public void FromArtifact_FeatureCountDisagreesWithTheModel_IsRefused()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 8, regimes: 1, seed: 42);
        ModelArtifact artifact = BoostedRegressor.Fit(train, Small()).ToArtifact();
        JsonObject parameters = artifact.Parameters;
        parameters["features"] = "wear: mean(10)";
        ModelArtifact edited = Rebuild(artifact, parameters);

        var error = Assert.Throws<ModelArtifactException>(() => BoostedRegressionModel.FromArtifact(edited, "gbm.pdm"));

        Assert.Equal("gbm.pdm: the ML.NET model reads Vector<Single, 6>, but the specification gives 1 features.", error.Message);
    }

    [Fact]
    public void FromArtifact_CorruptedModelPayload_FailsWithModelArtifactException()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 8, regimes: 1, seed: 43);
        ModelArtifact artifact = BoostedRegressor.Fit(train, Small()).ToArtifact();
        byte[] payload = artifact.GetPayload("mlnet-model.zip").ToArray();
        ModelArtifact edited = new ModelArtifact(artifact.ModelType, artifact.ModelVersion, artifact.Parameters).WithPayload("mlnet-model.zip", payload.AsSpan(0, payload.Length / 2));

        var error = Assert.Throws<ModelArtifactException>(() => BoostedRegressionModel.FromArtifact(edited, "gbm.pdm"));

        Assert.StartsWith("gbm.pdm: the ML.NET model cannot be loaded: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromArtifact_OtherModelTypeOrUnknownAlgorithm_IsRefused()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 8, regimes: 1, seed: 44);
        ModelArtifact artifact = BoostedRegressor.Fit(train, Small()).ToArtifact();
        JsonObject parameters = artifact.Parameters;
        parameters["algorithm"] = "XgBoost";

        Assert.Equal(
            "The artifact holds a 'torch-sequence-regressor' model, not a 'boosted-regressor' model.",
            Assert.Throws<ModelArtifactException>(() => BoostedRegressionModel.FromArtifact(new ModelArtifact("torch-sequence-regressor", 1, []), "gbm.pdm")).Message);
        Assert.Equal(
            "gbm.pdm: unknown boosting algorithm 'XgBoost'.",
            Assert.Throws<ModelArtifactException>(() => BoostedRegressionModel.FromArtifact(Rebuild(artifact, parameters), "gbm.pdm")).Message);
    }

    [Fact]
    public void PredictRows_TableWithTimestamps_IsRefused()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 8, regimes: 1, seed: 45);
        BoostedRegressionModel model = BoostedRegressor.Fit(train, Small());
        var schema = new TelemetrySchema("unit", "time", TimeKind.UtcTimestamp, SyntheticFleet.Schema.Channels);

        var error = Assert.Throws<SchemaException>(() => model.PredictRows(TelemetryTable.Empty(schema)));

        Assert.Equal("The model was trained on Cycle time but the table has UtcTimestamp time.", error.Message);
    }

    private static ModelArtifact Rebuild(ModelArtifact artifact, JsonObject parameters) =>
        new ModelArtifact(artifact.ModelType, artifact.ModelVersion, parameters).WithPayload("mlnet-model.zip", artifact.GetPayload("mlnet-model.zip").Span);
}
