using System.Text.Json.Nodes;
using PredictiveMaintenance.Models.Torch.Tests.Kernels;

namespace PredictiveMaintenance.Models.Torch.Tests.Regression;

public class SequenceRegressorTests
{
    private static SequenceRegressorOptions Tiny(SequenceArchitecture architecture, int seed = 1, double learningRate = 0.01) => new()
    {
        Architecture = architecture,
        WindowLength = 12,
        Layers = 2,
        HiddenSize = 8,
        KernelSize = 3,
        DenseSize = 16,
        Epochs = 6,
        BatchSize = 64,
        LearningRate = learningRate,
        RemainingLifeCap = 60,
        Seed = seed,
    };

    [Theory]
    [InlineData(SequenceArchitecture.Cnn)]
    [InlineData(SequenceArchitecture.Lstm)]
    public void Fit_RunToFailureFleet_BeatsPredictingTheMean(SequenceArchitecture architecture)
    {
        TelemetryTable train = SyntheticFleet.Create(units: 24, regimes: 1, seed: 11);
        TelemetryTable test = SyntheticFleet.Create(units: 12, regimes: 1, seed: 12);
        double[] truth = RemainingLife.RunToFailure(test, 60);

        using SequenceRegressionModel model = SequenceRegressor.Fit(train, Tiny(architecture));
        double[] predicted = model.PredictRows(test);

        Assert.Equal(test.RowCount, predicted.Length);
        Assert.All(predicted, p => Assert.InRange(p, 0, 60));
        double rmse = RegressionMetrics.RootMeanSquaredError(predicted, truth);
        Assert.True(rmse < 0.6 * SyntheticFleet.MeanPredictorRmse(truth), $"RMSE {rmse:F2} against {SyntheticFleet.MeanPredictorRmse(truth):F2} for the mean");
        Assert.InRange(model.Summary.BestEpoch, 1, model.Summary.EpochsRun);
        Assert.Equal(["wear", "noise"], model.Normalizer.Channels);
    }

    [Fact]
    public void Fit_SixOperatingRegimes_TrainsWithoutAnyOptionChange()
    {
        // FD002/FD004-like: the wear signal is buried under six regime levels until normalization is per condition.
        TelemetryTable train = SyntheticFleet.Create(units: 24, regimes: 6, seed: 13);
        TelemetryTable test = SyntheticFleet.Create(units: 12, regimes: 6, seed: 14);
        double[] truth = RemainingLife.RunToFailure(test, 60);

        using SequenceRegressionModel model = SequenceRegressor.Fit(train, Tiny(SequenceArchitecture.Cnn));
        double rmse = RegressionMetrics.RootMeanSquaredError(model.PredictRows(test), truth);

        Assert.Equal(6, model.Normalizer.ConditionCount);
        Assert.True(rmse < 0.6 * SyntheticFleet.MeanPredictorRmse(truth), $"RMSE {rmse:F2} against {SyntheticFleet.MeanPredictorRmse(truth):F2} for the mean");
    }

    [Theory]
    [InlineData(SequenceArchitecture.Cnn)]
    [InlineData(SequenceArchitecture.Lstm)]
    public void Fit_SameSeed_GivesBitForBitTheSameModel(SequenceArchitecture architecture)
    {
        TelemetryTable train = SyntheticFleet.Create(units: 12, regimes: 1, seed: 15);

        (SequenceRegressionModel first, SequenceRegressionModel second) = SameKernels.FitTwice(() => SequenceRegressor.Fit(train, Tiny(architecture, seed: 5)));
        using (first)
        using (second)
        using (SequenceRegressionModel other = SequenceRegressor.Fit(train, Tiny(architecture, seed: 6)))
        {
            double[] a = first.PredictRows(train);
            Assert.Equal(a.Select(BitConverter.DoubleToInt64Bits), second.PredictRows(train).Select(BitConverter.DoubleToInt64Bits));
            Assert.NotEqual(a, other.PredictRows(train));
        }
    }

    [Theory]
    [InlineData(SequenceArchitecture.Cnn, "The Cnn sequence regressor diverged at epoch 1, step 2 of 13: the training loss is Infinity. Lower LearningRate (now 1E+30) or raise BatchSize (now 64), and check the training data for extreme values; no model was returned.")]
    [InlineData(SequenceArchitecture.Lstm, "The Lstm sequence regressor diverged at epoch 1, step 2 of 13: the training loss is Infinity. Lower LearningRate (now 1E+30) or raise BatchSize (now 64), and check the training data for extreme values; no model was returned.")]
    public void Fit_LearningRateFarTooLarge_StopsNamingTheEpochAndStep(SequenceArchitecture architecture, string expected)
    {
        TelemetryTable train = SyntheticFleet.Create(units: 12, regimes: 1, seed: 15);

        var e = Assert.Throws<TrainingDivergedException>(() => SequenceRegressor.Fit(train, Tiny(architecture, learningRate: 1e30)));

        Assert.Equal(expected, e.Message);
        Assert.Equal($"{architecture} sequence regressor", e.Model);
    }

    [Fact]
    public void PredictLast_ShortAsset_PadsWithItsFirstRow()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 12, regimes: 1, seed: 16);
        using SequenceRegressionModel model = SequenceRegressor.Fit(train, Tiny(SequenceArchitecture.Cnn));
        var builder = new TelemetryTableBuilder(SyntheticFleet.Schema);
        builder.Add("short", 1, [0, 0, 100.5, 0.1, 5, 100]);
        builder.Add("short", 2, [0, 0, 100.7, -0.3, 5, 100]);
        builder.Add("padded", 1, [0, 0, 100.5, 0.1, 5, 100]);
        for (int cycle = 2; cycle <= 11; cycle++)
        {
            builder.Add("padded", cycle, [0, 0, 100.5, 0.1, 5, 100]);
        }

        builder.Add("padded", 12, [0, 0, 100.7, -0.3, 5, 100]);

        double[] predicted = model.PredictLast(builder.Build());

        // "padded" spells out what padding does for "short": eleven copies of the first row, then the last.
        Assert.Equal(2, predicted.Length);
        Assert.Equal(predicted[0], predicted[1]);
    }

    [Fact]
    public async Task FromArtifact_SavedModel_PredictsBitForBitTheSame()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 12, regimes: 6, seed: 17);
        using SequenceRegressionModel model = SequenceRegressor.Fit(train, Tiny(SequenceArchitecture.Lstm));
        using var stream = new MemoryStream();
        await model.ToArtifact().WriteAsync(stream);
        stream.Position = 0;

        using SequenceRegressionModel loaded = SequenceRegressionModel.FromArtifact(await ModelArtifact.ReadAsync(stream, "rul.pdm"), "rul.pdm");

        Assert.Equal(model.PredictRows(train).Select(BitConverter.DoubleToInt64Bits), loaded.PredictRows(train).Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal((SequenceArchitecture.Lstm, 12, 60.0), (loaded.Architecture, loaded.WindowLength, loaded.RemainingLifeCap));
        Assert.Equal(6, loaded.Normalizer.ConditionCount);
        Assert.Equal(model.Summary.BestEpoch, loaded.Summary.BestEpoch);
    }

    [Fact]
    public void FromArtifact_WeightsOfAnotherShape_FailsNamingTheShape()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 12, regimes: 1, seed: 18);
        using SequenceRegressionModel model = SequenceRegressor.Fit(train, Tiny(SequenceArchitecture.Cnn));
        ModelArtifact artifact = model.ToArtifact();
        JsonObject parameters = artifact.Parameters;
        parameters["hiddenSize"] = 9;
        ModelArtifact edited = new ModelArtifact(artifact.ModelType, artifact.ModelVersion, parameters).WithPayload("weights.bin", artifact.GetPayload("weights.bin").Span);

        var error = Assert.Throws<ModelArtifactException>(() => SequenceRegressionModel.FromArtifact(edited, "rul.pdm"));
        Assert.StartsWith("rul.pdm: the weights do not fit a Cnn network of 2 layer(s), 9 hidden units, window 12 and 2 channels: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromArtifact_NonFiniteWeights_IsRefused()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 12, regimes: 1, seed: 18);
        using SequenceRegressionModel model = SequenceRegressor.Fit(train, Tiny(SequenceArchitecture.Cnn));
        ModelArtifact artifact = model.ToArtifact();
        JsonObject parameters = artifact.Parameters;
        using var network = SequenceNetworks.Create(new SequenceNetworkShape(SequenceArchitecture.Cnn, 2, 12, 2, 8, 3, 16, (double)parameters["dropout"]!));
        network.load(new MemoryStream(artifact.GetPayload("weights.bin").ToArray()), strict: true);
        using (TorchSharp.torch.no_grad())
        {
            network.parameters().First()[0, 0, 0] = float.NaN;
        }

        using var weights = new MemoryStream();
        network.save(weights);
        ModelArtifact edited = new ModelArtifact(artifact.ModelType, artifact.ModelVersion, parameters).WithPayload("weights.bin", weights.ToArray());

        var error = Assert.Throws<ModelArtifactException>(() => SequenceRegressionModel.FromArtifact(edited, "rul.pdm"));
        Assert.Matches(@"^rul\.pdm: 1 of \d+ weights are NaN or infinite; a diverged model is not loaded\.$", error.Message);
    }

    [Fact]
    public void FromArtifact_ChannelCountDisagreesWithNormalization_IsRefused()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 12, regimes: 1, seed: 19);
        using SequenceRegressionModel model = SequenceRegressor.Fit(train, Tiny(SequenceArchitecture.Cnn));
        ModelArtifact artifact = model.ToArtifact();
        JsonObject parameters = artifact.Parameters;
        parameters["channels"] = 3;
        ModelArtifact edited = new ModelArtifact(artifact.ModelType, artifact.ModelVersion, parameters).WithPayload("weights.bin", artifact.GetPayload("weights.bin").Span);

        var error = Assert.Throws<ModelArtifactException>(() => SequenceRegressionModel.FromArtifact(edited, "rul.pdm"));
        Assert.Equal("rul.pdm: the network reads 3 channels but the normalization gives 2.", error.Message);
    }

    [Fact]
    public void FromArtifact_OtherModelTypeOrNewerLayout_IsRefused()
    {
        var foreign = new ModelArtifact("isolation-forest", 1, []);
        var newer = new ModelArtifact(SequenceRegressionModel.ModelType, 2, []);

        Assert.Equal(
            "The artifact holds a 'isolation-forest' model, not a 'torch-sequence-regressor' model.",
            Assert.Throws<ModelArtifactException>(() => SequenceRegressionModel.FromArtifact(foreign, "x.pdm")).Message);
        Assert.Equal(
            "The 'torch-sequence-regressor' artifact has layout version 2; this package reads up to version 1. Update the package.",
            Assert.Throws<ModelArtifactException>(() => SequenceRegressionModel.FromArtifact(newer, "x.pdm")).Message);
    }

    [Fact]
    public async Task LoadAsync_CorruptedFile_FailsWithModelArtifactException()
    {
        TelemetryTable train = SyntheticFleet.Create(units: 12, regimes: 1, seed: 20);
        using SequenceRegressionModel model = SequenceRegressor.Fit(train, Tiny(SequenceArchitecture.Cnn));
        string path = Path.Combine(Path.GetTempPath(), $"rul-{Guid.NewGuid():N}.pdm");
        try
        {
            await model.SaveAsync(path);
            byte[] bytes = await File.ReadAllBytesAsync(path);
            bytes[bytes.Length / 2] ^= 0xff;
            await File.WriteAllBytesAsync(path, bytes);

            await Assert.ThrowsAsync<ModelArtifactException>(() => SequenceRegressionModel.LoadAsync(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Fit_LabelChannel_TrainsOnTheGivenTargets()
    {
        // The same fleet with its remaining life as a label channel, as the joins layer would provide it.
        TelemetryTable fleet = SyntheticFleet.Create(units: 16, regimes: 1, seed: 21);
        TelemetryTable labelled = SyntheticFleet.WithLabel(fleet, "rul", RemainingLife.RunToFailure(fleet, double.PositiveInfinity));
        SequenceRegressorOptions options = Tiny(SequenceArchitecture.Cnn);
        using SequenceRegressionModel fromLabels = SequenceRegressor.Fit(labelled, new SequenceRegressorOptions
        {
            Architecture = options.Architecture, WindowLength = options.WindowLength, Layers = options.Layers, HiddenSize = options.HiddenSize,
            KernelSize = options.KernelSize, DenseSize = options.DenseSize, Epochs = options.Epochs, BatchSize = options.BatchSize,
            LearningRate = options.LearningRate, RemainingLifeCap = options.RemainingLifeCap, Seed = options.Seed, LabelChannel = "rul",
        });
        using SequenceRegressionModel runToFailure = SequenceRegressor.Fit(fleet, options);

        // Same targets, same seed, same inputs (the label is not an input): the same model.
        Assert.Equal(runToFailure.PredictRows(fleet), fromLabels.PredictRows(labelled));
    }

    [Fact]
    public void Fit_MissingLabelChannel_IsRefusedNamingIt()
    {
        var error = Assert.Throws<SchemaException>(() => SequenceRegressor.Fit(SyntheticFleet.Create(4, 1, 22), new SequenceRegressorOptions { LabelChannel = "rul" }));
        Assert.Equal("The training table has no label channel 'rul'; its channels are setting1, setting2, wear, noise, flat, regime.", error.Message);
    }
}
