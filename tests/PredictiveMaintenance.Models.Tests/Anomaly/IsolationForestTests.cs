using PredictiveMaintenance.Models.Anomaly;

namespace PredictiveMaintenance.Models.Tests.Anomaly;

public class IsolationForestTests
{
    private static IsolationForestDetector Fit(FeatureMatrix rows, int seed = 3, int parallelism = -1, ThresholdRule? threshold = null) =>
        new IsolationForestTrainer(new IsolationForestOptions { Seed = seed, MaxDegreeOfParallelism = parallelism, Threshold = threshold }).Fit(rows);

    [Fact]
    public void Score_KnownOutliers_AreTheHighestScores()
    {
        FeatureMatrix rows = SyntheticData.WithOutliers(2000, 10, seed: 1);

        double[] scores = Fit(rows).Score(rows);

        // An extreme normal row or two may score as high as an outlier; the outliers must all be near the top.
        Assert.Subset(SyntheticData.Top(scores, 12).ToHashSet(), Enumerable.Range(2000, 10).ToHashSet());
        Assert.All(scores, s => Assert.InRange(s, 0.3, 1.0));
    }

    [Fact]
    public void Score_TwoTrainingRows_IsExactlyOneHalf()
    {
        // ψ = 2: every tree splits the two rows once, so h(x) = 1 + c(1) = 1 for any row, c(2) = 1, and 2^(-1/1) = 0.5.
        IsolationForestDetector detector = Fit(new FeatureMatrix([0.0, 0, 1, 1], 2));

        Assert.Equal(2, detector.SampleSize);
        Assert.Equal([0.5, 0.5, 0.5], detector.Score(new FeatureMatrix([-5.0, 3, 0.5, 0.5, 9, 9], 2)));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 1.207392357589623)]
    [InlineData(256, 10.244770920119917)]
    public void AveragePathLength_MatchesScikitLearn(double n, double expected)
    {
        // sklearn.ensemble._iforest._average_path_length([n]).
        Assert.Equal(expected, IsolationForest.AveragePathLength(n), 12);
    }

    [Fact]
    public void Fit_SameSeedAnyParallelism_GivesBitIdenticalScores()
    {
        FeatureMatrix rows = SyntheticData.WithOutliers(5000, 20, seed: 2);

        double[] serial = Fit(rows, parallelism: 1).Score(rows);
        double[] parallel = Fit(rows, parallelism: -1).Score(rows);

        Assert.Equal(serial.Select(BitConverter.DoubleToInt64Bits), parallel.Select(BitConverter.DoubleToInt64Bits));
        Assert.NotEqual(serial, Fit(rows, seed: 4).Score(rows));
    }

    [Fact]
    public void ScoreRows_RowMajorSpans_EqualMatrixScoresBitForBit()
    {
        FeatureMatrix rows = SyntheticData.WithOutliers(3000, 20, seed: 5);
        IsolationForestDetector detector = Fit(rows);
        double[] values = rows.Values.ToArray();
        values[7] = double.NaN;
        var withMissing = new FeatureMatrix(values, rows.ColumnCount);

        double[] expected = detector.Score(withMissing);
        double[] actual = new double[withMissing.RowCount];
        detector.ScoreRows(values, actual);
        double[] one = new double[1];
        detector.ScoreRows(values.AsSpan(3 * rows.ColumnCount, rows.ColumnCount), one);

        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
        Assert.True(double.IsNaN(actual[7 / rows.ColumnCount]));
        Assert.Equal(expected[3], one[0]);
    }

    [Fact]
    public void ScoreRows_LengthNotWholeRows_SaysHowManyFeatures()
    {
        IsolationForestDetector detector = Fit(SyntheticData.NormalMatrix(300, 5));

        var error = Assert.Throws<ArgumentException>(() => detector.ScoreRows(new double[5], new double[2]));
        Assert.StartsWith("The isolation-forest detector scores 3 features per row; 5 values are not 2 rows of them.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_RowAloneOrInABlock_GivesTheSameScore()
    {
        // Together, 8 of the 13 rows take the walk's eight-row path and 5 the single-row one; alone, every row takes the latter.
        IsolationForestDetector detector = Fit(SyntheticData.NormalMatrix(300, 7));
        FeatureMatrix rows = SyntheticData.WithOutliers(10, 3, seed: 8);

        double[] together = detector.Score(rows);
        double[] alone = [.. Enumerable.Range(0, rows.RowCount).Select(r => detector.Score(new FeatureMatrix(rows.GetRow(r), rows.ColumnCount))[0])];

        Assert.Equal(alone.Select(BitConverter.DoubleToInt64Bits), together.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Score_RowWithMissingValue_IsNaNAndRaisesNoAlarm()
    {
        IsolationForestDetector detector = Fit(SyntheticData.NormalMatrix(500, 5), threshold: ThresholdRule.Fixed(0));

        AnomalyPredictions predictions = detector.Predict(new FeatureMatrix([0.0, 0, 5, double.NaN, 0, 5], 3));

        Assert.False(double.IsNaN(predictions.Scores[0]));
        Assert.True(double.IsNaN(predictions.Scores[1]));
        Assert.Equal([true, false], predictions.Alarms.ToArray());
    }

    [Fact]
    public void Fit_Contamination_FlagsThatShareOfTrainingRows()
    {
        FeatureMatrix rows = SyntheticData.NormalMatrix(1000, 6);

        IsolationForestDetector detector = Fit(rows, threshold: ThresholdRule.Contamination(0.05));

        Assert.Equal(50, detector.Predict(rows).AlarmCount);
    }

    [Fact]
    public void Fit_DefaultThreshold_IsScikitLearnsAuto()
    {
        Assert.Equal(0.5, Fit(SyntheticData.NormalMatrix(300, 6)).Threshold);
    }

    [Fact]
    public void Fit_OneCompleteRow_ThrowsCountingThem()
    {
        var e = Assert.Throws<ArgumentException>(() => Fit(new FeatureMatrix([1.0, double.NaN], 1)));

        Assert.StartsWith("An isolation forest needs at least 2 rows without missing values; there are 1 of 2.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_SavedDetector_ScoresBitIdentically()
    {
        FeatureMatrix rows = SyntheticData.WithOutliers(1500, 10, seed: 7);
        AnomalyDetector detector = Fit(rows, threshold: ThresholdRule.Quantile(0.99)).WithSmoothing(new AlarmSmoothing(2, 3));
        string path = Path.Combine(Path.GetTempPath(), $"iforest-{Guid.NewGuid():N}.pdm");
        try
        {
            await detector.SaveAsync(path);
            IsolationForestDetector loaded = await IsolationForestDetector.LoadAsync(path);

            Assert.Equal(detector.Score(rows).Select(BitConverter.DoubleToInt64Bits), loaded.Score(rows).Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(BitConverter.DoubleToInt64Bits(detector.Threshold), BitConverter.DoubleToInt64Bits(loaded.Threshold));
            Assert.Equal((new AlarmSmoothing(2, 3), 100, 256, 3), (loaded.Smoothing, loaded.TreeCount, loaded.SampleSize, loaded.Seed));
            Assert.Equal(["x", "y", "z"], loaded.FeatureNames);
            Assert.Equal(detector.Predict(rows).Alarms.ToArray(), loaded.Predict(rows).Alarms.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_ArtifactOfAnotherModel_Throws()
    {
        var artifact = new ModelArtifact("pca-spc", 1, []);

        var e = Assert.Throws<ModelArtifactException>(() => IsolationForestDetector.Load(artifact));

        Assert.Equal("The artifact holds a 'pca-spc' model, not a 'isolation-forest' model.", e.Message);
    }

    [Fact]
    public void Load_ChildOutsideItsTree_Throws()
    {
        ModelArtifact saved = Fit(SyntheticData.NormalMatrix(100, 8)).ToArtifact();
        int[] children = [.. Enumerable.Range(0, saved.GetDoubles("thresholds").Length).Select(i => BitConverter.ToInt32(saved.GetPayload("children").Span.Slice(i * 4, 4)))];
        children[0] = 1_000_000;
        ModelArtifact edited = new ModelArtifact(saved.ModelType, saved.ModelVersion, saved.Parameters);
        foreach (string name in saved.PayloadNames)
        {
            edited = edited.WithPayload(name, name == "children" ? children.SelectMany(BitConverter.GetBytes).ToArray() : saved.GetPayload(name).Span);
        }

        var e = Assert.Throws<ModelArtifactException>(() => IsolationForestDetector.Load(edited));

        Assert.StartsWith("The isolation-forest artifact's node 0 of tree 0 is invalid (feature ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_WrongColumnCount_ThrowsNamingTheFeatures()
    {
        IsolationForestDetector detector = Fit(SyntheticData.NormalMatrix(100, 8));

        var e = Assert.Throws<ArgumentException>(() => detector.Score(new FeatureMatrix([1.0, 2], 2)));

        Assert.StartsWith("The isolation-forest detector scores 3 features (x, y, z); the rows have 2 columns.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_Seed_GivesTheSameForestForTheSameSeed()
    {
        FeatureMatrix rows = SyntheticData.WithOutliers(800, 5, seed: 9);

        double[] first = new IsolationForestTrainer(new IsolationForestOptions { Trees = 50, Seed = 42 }).Fit(rows).Score(rows);
        double[] second = new IsolationForestTrainer(new IsolationForestOptions { Trees = 50, Seed = 42 }).Fit(rows).Score(rows);
        double[] other = new IsolationForestTrainer(new IsolationForestOptions { Trees = 50, Seed = 43 }).Fit(rows).Score(rows);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Predict_Table_SmoothsWithinEachAsset()
    {
        var schema = new TelemetrySchema("asset", "time", TimeKind.Cycle, [new("x"), new("y"), new("z")]);
        var builder = new TelemetryTableBuilder(schema);
        double[] normal = SyntheticData.Normal(300, 10);
        for (int r = 0; r < 300; r++)
        {
            builder.Add(r < 150 ? "a" : "b", r, normal.AsSpan(r * 3, 3));
        }

        TelemetryTable table = builder.Build();
        AnomalyDetector detector = new IsolationForestTrainer(new IsolationForestOptions { Seed = 1, Threshold = ThresholdRule.Fixed(0), Smoothing = new AlarmSmoothing(3, 3) }).Fit(table);

        AnomalyPredictions predictions = detector.Predict(table);

        // Every raw score is over 0, so only the first two rows of each asset lack three alarms in their window.
        Assert.Equal(296, predictions.AlarmCount);
        Assert.Equal([false, false, true], predictions.Alarms[150..153].ToArray());
    }
}
