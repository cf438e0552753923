using PredictiveMaintenance.Models.Anomaly;

namespace PredictiveMaintenance.Models.Tests.Anomaly;

public class MahalanobisTests
{
    [Fact]
    public void Score_Classical_IsTheSquaredDistanceUnderTheSampleCovariance()
    {
        FeatureMatrix train = SyntheticData.NormalMatrix(400, 12);
        MahalanobisDetector detector = new MahalanobisTrainer(new MahalanobisOptions { Robust = false }).Fit(train);
        FeatureMatrix probe = SyntheticData.WithOutliers(3, 3, seed: 13);

        double[] scores = detector.Score(probe);

        double[] distances = SyntheticData.SquaredMahalanobis(train, probe, degreesOfFreedomLost: 0);
        for (int r = 0; r < probe.RowCount; r++)
        {
            double expected = distances[r];
            // Relative to the ridge (1e-9 of the mean variance) that keeps the factor defined for constant features.
            Assert.Equal(expected, scores[r], 1e-7 * expected);
        }

        Assert.Equal(400, detector.Support);
    }

    [Fact]
    public void Fit_ChannelListChangedAfterTheTrainerWasMade_UsesTheListAsValidated()
    {
        var builder = new TelemetryTableBuilder(new TelemetrySchema("asset", "time", "a", "b", "c"));
        var random = new Random(5);
        for (int t = 0; t < 50; t++)
        {
            builder.Add("1", t, [random.NextDouble(), random.NextDouble(), random.NextDouble()]);
        }

        List<string> channels = ["a", "b"];
        var trainer = new MahalanobisTrainer(new MahalanobisOptions { Channels = channels });
        channels.Add("c");

        MahalanobisDetector detector = trainer.Fit(builder.Build());

        Assert.Equal(["a", "b"], detector.FeatureNames);
    }

    /// <summary>Normal rows with a cluster of gross outliers (a fifth of the rows) around (6, -6, 20).</summary>
    private static FeatureMatrix Contaminated(int rows, int seed)
    {
        double[] values = SyntheticData.Normal(rows, seed);
        var random = new Random(seed + 100);
        for (int r = 0; r < rows / 5; r++)
        {
            values[r * 3 * 5] = 6 + (0.3 * SyntheticData.Gaussian(random));
            values[(r * 3 * 5) + 1] = -6 + (0.3 * SyntheticData.Gaussian(random));
            values[(r * 3 * 5) + 2] = 20 + (0.3 * SyntheticData.Gaussian(random));
        }

        return new FeatureMatrix(values, 3, ["x", "y", "z"]);
    }

    [Fact]
    public void Fit_TwentyPercentGrossOutliers_LocationStaysAtTheNormalCentre()
    {
        MahalanobisDetector detector = new MahalanobisTrainer(new MahalanobisOptions { Seed = 1 }).Fit(Contaminated(2000, 1));

        // The sample mean is pulled to about (1.2, -1.2, 8); the MCD location is that of the normal rows, (0, 0, 5).
        Assert.InRange(detector.Location[0], -0.1, 0.1);
        Assert.InRange(detector.Location[1], -0.1, 0.1);
        Assert.InRange(detector.Location[2], 4.8, 5.2);
        Assert.Equal(1002, detector.Support);
    }

    [Fact]
    public void Score_ContaminatedTraining_OutliersScoreFarAboveTheNormalRows()
    {
        FeatureMatrix rows = Contaminated(2000, 2);
        MahalanobisDetector detector = new MahalanobisTrainer(new MahalanobisOptions { Seed = 1 }).Fit(rows);

        double[] scores = detector.Score(rows);
        double[] outliers = [.. Enumerable.Range(0, 400).Select(r => scores[r * 5])];
        double[] normal = [.. scores.Where((_, i) => i % 5 != 0 || i / 5 >= 400)];

        Assert.True(outliers.Min() > 10 * normal.Max(), $"outliers from {outliers.Min()}, normal rows up to {normal.Max()}");
    }

    [Fact]
    public void Score_CleanGaussianTraining_MeanSquaredDistanceIsAboutTheDimension()
    {
        MahalanobisDetector detector = new MahalanobisTrainer(new MahalanobisOptions { Seed = 3 }).Fit(SyntheticData.NormalMatrix(5000, 3));

        // Consistent at the normal distribution: fresh rows have squared distances of mean p = 3 (chi-squared).
        Assert.InRange(detector.Score(SyntheticData.NormalMatrix(20000, 4)).Average(), 2.85, 3.2);
    }

    [Fact]
    public void Fit_SameSeed_IsDeterministic()
    {
        FeatureMatrix rows = Contaminated(600, 5);

        double[] first = new MahalanobisTrainer(new MahalanobisOptions { Seed = 7 }).Fit(rows).Score(rows);
        double[] second = new MahalanobisTrainer(new MahalanobisOptions { Seed = 7 }).Fit(rows).Score(rows);

        Assert.Equal(first.Select(BitConverter.DoubleToInt64Bits), second.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public async Task Load_SavedDetector_ScoresBitIdentically()
    {
        FeatureMatrix rows = Contaminated(500, 6);
        MahalanobisDetector detector = new MahalanobisTrainer(new MahalanobisOptions { Seed = 1 }).Fit(rows);
        string path = Path.Combine(Path.GetTempPath(), $"mcd-{Guid.NewGuid():N}.pdm");
        try
        {
            await detector.SaveAsync(path);
            MahalanobisDetector loaded = await MahalanobisDetector.LoadAsync(path);

            Assert.Equal(detector.Score(rows).Select(BitConverter.DoubleToInt64Bits), loaded.Score(rows).Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(detector.Threshold, loaded.Threshold);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_IsolationForestArtifact_Throws()
    {
        ModelArtifact artifact = new IsolationForestTrainer(new IsolationForestOptions { Trees = 2 }).Fit(SyntheticData.NormalMatrix(50, 1)).ToArtifact();

        var e = Assert.Throws<ModelArtifactException>(() => MahalanobisDetector.Load(artifact));

        Assert.Equal("The artifact holds a 'isolation-forest' model, not a 'mahalanobis' model.", e.Message);
    }
}
