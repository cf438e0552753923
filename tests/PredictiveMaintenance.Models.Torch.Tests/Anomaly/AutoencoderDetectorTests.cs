using System.Text.Json.Nodes;
using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.Models.Torch.Tests.Kernels;

namespace PredictiveMaintenance.Models.Torch.Tests.Anomaly;

public class AutoencoderDetectorTests
{
    private static readonly string[] Names = ["pressure", "flow", "temperature"];

    private static AutoencoderOptions Tiny(AutoencoderArchitecture architecture, int seed = 1, double learningRate = 0.01) => new()
    {
        Architecture = architecture,
        WindowLength = 10,
        HiddenSize = 8,
        LatentSize = 3,
        KernelSize = 3,
        Epochs = 15,
        BatchSize = 32,
        LearningRate = learningRate,
        Seed = seed,
    };

    /// <summary>Three coupled periodic sensors with noise; from <paramref name="shiftFrom"/> on, flow loses its coupling and drops.</summary>
    private static FeatureMatrix Pump(int rows, int seed, int shiftFrom = int.MaxValue)
    {
        var random = new Random(seed);
        var values = new double[rows * 3];
        for (int r = 0; r < rows; r++)
        {
            double phase = 2 * Math.PI * r / 25;
            double pressure = Math.Sin(phase) + (0.05 * ((random.NextDouble() * 2) - 1));
            double flow = r >= shiftFrom ? -1.5 : (0.8 * Math.Sin(phase)) + (0.05 * ((random.NextDouble() * 2) - 1));
            values[(r * 3) + 0] = pressure;
            values[(r * 3) + 1] = flow;
            values[(r * 3) + 2] = 60 + (2 * Math.Cos(phase)) + (0.1 * ((random.NextDouble() * 2) - 1));
        }

        return new FeatureMatrix(values, 3, Names);
    }

    [Theory]
    [InlineData(AutoencoderArchitecture.Convolutional)]
    [InlineData(AutoencoderArchitecture.Lstm)]
    public void Predict_BrokenCoupling_RaisesAlarmsThereAndFewElsewhere(AutoencoderArchitecture architecture)
    {
        AutoencoderDetector detector = new AutoencoderTrainer(Tiny(architecture)).Fit(Pump(400, seed: 1));
        FeatureMatrix test = Pump(300, seed: 2, shiftFrom: 200);

        AnomalyPredictions predictions = detector.Predict(test);

        Assert.True(double.IsFinite(detector.Threshold));
        int falseAlarms = predictions.Alarms[..200].Count(true);
        int caught = predictions.Alarms[(200 + detector.WindowLength)..].Count(true);
        Assert.True(falseAlarms <= 10, $"{falseAlarms} alarms in 200 normal rows");
        Assert.Equal(300 - 200 - detector.WindowLength, caught);
    }

    [Theory]
    [InlineData(AutoencoderArchitecture.Convolutional)]
    [InlineData(AutoencoderArchitecture.Lstm)]
    public void Fit_SameSeed_GivesBitForBitTheSameScores(AutoencoderArchitecture architecture)
    {
        FeatureMatrix normal = Pump(200, seed: 3);

        (double[] first, double[] second) = SameKernels.FitTwice(() => new AutoencoderTrainer(Tiny(architecture, seed: 7)).Fit(normal).Score(normal));
        double[] other = new AutoencoderTrainer(Tiny(architecture, seed: 8)).Fit(normal).Score(normal);

        Assert.Equal(first.Select(BitConverter.DoubleToInt64Bits), second.Select(BitConverter.DoubleToInt64Bits));
        Assert.NotEqual(first, other);
    }

    [Theory]
    [InlineData(AutoencoderArchitecture.Convolutional, "The Convolutional autoencoder diverged at epoch 1, step 2 of 6: the training loss is NaN. Lower LearningRate (now 1E+30) or raise BatchSize (now 32), and check the training data for extreme values; no detector was returned.")]
    [InlineData(AutoencoderArchitecture.Lstm, "The Lstm autoencoder diverged at epoch 1, step 2 of 6: the training loss is Infinity. Lower LearningRate (now 1E+30) or raise BatchSize (now 32), and check the training data for extreme values; no detector was returned.")]
    public void Fit_LearningRateFarTooLarge_StopsNamingTheEpochAndStep(AutoencoderArchitecture architecture, string expected)
    {
        var e = Assert.Throws<TrainingDivergedException>(() => new AutoencoderTrainer(Tiny(architecture, learningRate: 1e30)).Fit(Pump(200, seed: 3)));

        Assert.Equal(expected, e.Message);
        Assert.Equal($"{architecture} autoencoder", e.Model);
    }

    [Fact]
    public void Score_MissingValue_GivesNaNToTheWindowsHoldingIt()
    {
        AutoencoderDetector detector = new AutoencoderTrainer(Tiny(AutoencoderArchitecture.Convolutional)).Fit(Pump(200, seed: 4));
        double[] values = Pump(60, seed: 5).Values.ToArray();
        values[(30 * 3) + 1] = double.NaN;
        var rows = new FeatureMatrix(values, 3, Names, [0, 20, 60]);

        double[] scores = detector.Score(rows);

        // Each segment's first 9 rows have no full window; rows 30 to 39 have row 30 in theirs.
        Assert.Equal([.. Enumerable.Range(0, 9), .. Enumerable.Range(20, 9), .. Enumerable.Range(30, 10)], Enumerable.Range(0, 60).Where(r => double.IsNaN(scores[r])));
        Assert.True(scores[9] >= 0 && scores[29] >= 0 && scores[40] >= 0);
    }

    [Theory]
    [InlineData(AutoencoderArchitecture.Convolutional)]
    [InlineData(AutoencoderArchitecture.Lstm)]
    public async Task LoadAsync_SavedDetector_ScoresBitForBitTheSame(AutoencoderArchitecture architecture)
    {
        FeatureMatrix normal = Pump(200, seed: 6);
        AnomalyDetector detector = new AutoencoderTrainer(Tiny(architecture)).Fit(normal).WithSmoothing(new AlarmSmoothing(2, 3));
        string path = Path.Combine(Path.GetTempPath(), $"ae-{Guid.NewGuid():N}.pdm");
        try
        {
            await detector.SaveAsync(path);
            AutoencoderDetector loaded = await AutoencoderDetector.LoadAsync(path);

            Assert.Equal(detector.Score(normal).Select(BitConverter.DoubleToInt64Bits), loaded.Score(normal).Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal((detector.Threshold, detector.Smoothing), (loaded.Threshold, loaded.Smoothing));
            Assert.Equal((architecture, 10, 1), (loaded.Architecture, loaded.WindowLength, loaded.Seed));
            Assert.Equal(Names, loaded.FeatureNames);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_WeightsOfAnotherShape_FailsNamingTheShape()
    {
        ModelArtifact artifact = new AutoencoderTrainer(Tiny(AutoencoderArchitecture.Convolutional)).Fit(Pump(100, seed: 7)).ToArtifact();
        JsonObject parameters = artifact.Parameters;
        parameters["latentSize"] = 4;

        var error = Assert.Throws<ModelArtifactException>(() => AutoencoderDetector.Load(Rebuild(artifact, parameters)));

        Assert.StartsWith("The torch-autoencoder artifact: the weights do not fit a Convolutional autoencoder of 3 features, window 10, 8 hidden and 4 latent units: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UnknownArchitectureOrOtherModel_IsRefused()
    {
        ModelArtifact artifact = new AutoencoderTrainer(Tiny(AutoencoderArchitecture.Lstm)).Fit(Pump(100, seed: 8)).ToArtifact();
        JsonObject parameters = artifact.Parameters;
        parameters["architecture"] = "Transformer";

        Assert.Equal(
            "The torch-autoencoder artifact names an unknown architecture 'Transformer'; this package knows Convolutional, Lstm.",
            Assert.Throws<ModelArtifactException>(() => AutoencoderDetector.Load(Rebuild(artifact, parameters))).Message);
        Assert.Equal(
            "The artifact holds a 'mahalanobis' model, not a 'torch-autoencoder' model.",
            Assert.Throws<ModelArtifactException>(() => AutoencoderDetector.Load(new ModelArtifact("mahalanobis", 1, []))).Message);
    }

    [Fact]
    public void Load_StandardizationOfAnotherWidth_IsRefused()
    {
        ModelArtifact artifact = new AutoencoderTrainer(Tiny(AutoencoderArchitecture.Convolutional)).Fit(Pump(100, seed: 9)).ToArtifact();
        ModelArtifact edited = new ModelArtifact(artifact.ModelType, artifact.ModelVersion, artifact.Parameters)
            .WithPayload("mean", (ReadOnlySpan<double>)[0.0, 0.0])
            .WithPayload("scale", artifact.GetPayload("scale").Span)
            .WithPayload("weights.bin", artifact.GetPayload("weights.bin").Span);

        var error = Assert.Throws<ModelArtifactException>(() => AutoencoderDetector.Load(edited));

        Assert.Equal("The torch-autoencoder artifact is inconsistent: 3 features, 2 means and 3 scales (positive) expected to match.", error.Message);
    }

    [Fact]
    public void Fit_NoCompleteWindow_SaysSo()
    {
        double[] values = Pump(20, seed: 10).Values.ToArray();
        for (int r = 0; r < 20; r += 5)
        {
            values[r * 3] = double.NaN;
        }

        var error = Assert.Throws<ArgumentException>(() => new AutoencoderTrainer(Tiny(AutoencoderArchitecture.Lstm)).Fit(new FeatureMatrix(values, 3, Names)));

        Assert.StartsWith("The 20 training rows hold no window of 10 rows without a missing value.", error.Message, StringComparison.Ordinal);
    }

    private static ModelArtifact Rebuild(ModelArtifact artifact, JsonObject parameters) =>
        new ModelArtifact(artifact.ModelType, artifact.ModelVersion, parameters)
            .WithPayload("mean", artifact.GetPayload("mean").Span)
            .WithPayload("scale", artifact.GetPayload("scale").Span)
            .WithPayload("weights.bin", artifact.GetPayload("weights.bin").Span);
}
