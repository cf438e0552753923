using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.Models.Evaluation;

namespace PredictiveMaintenance.Models.Tests.Anomaly;

public class MLNetPcaTests
{
    [Fact]
    public void Score_KnownOutliers_AreTheHighestScores()
    {
        FeatureMatrix rows = SyntheticData.WithOutliers(1000, 10, seed: 1);
        MLNetPcaDetector detector = new MLNetPcaTrainer(new MLNetPcaOptions { Rank = 2, Seed = 1 }).Fit(SyntheticData.NormalMatrix(1000, 2));

        double[] scores = detector.Score(rows);

        // ML.NET normalizes the reconstruction error by the row's norm, so rows near the centre can score high too; the
        // outliers must still rank above nearly all normal rows.
        bool[] labels = [.. Enumerable.Range(0, rows.RowCount).Select(r => r >= 1000)];
        Assert.InRange(RankingMetrics.RocAuc(labels, scores), 0.97, 1.0);
    }

    [Fact]
    public async Task Load_SavedDetector_ScoresBitIdentically()
    {
        FeatureMatrix rows = SyntheticData.WithOutliers(300, 5, seed: 3);
        MLNetPcaDetector detector = new MLNetPcaTrainer(new MLNetPcaOptions { Rank = 2, Seed = 4 }).Fit(rows);
        using var stream = new MemoryStream();
        await detector.ToArtifact().WriteAsync(stream);
        stream.Position = 0;

        MLNetPcaDetector loaded = MLNetPcaDetector.Load(await ModelArtifact.ReadAsync(stream, "pca.pdm"));

        Assert.Equal(detector.Score(rows).Select(BitConverter.DoubleToInt64Bits), loaded.Score(rows).Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(detector.Predict(rows).AlarmCount, loaded.Predict(rows).AlarmCount);
    }

    [Fact]
    public void Score_RowWithMissingValue_IsNaN()
    {
        MLNetPcaDetector detector = new MLNetPcaTrainer(new MLNetPcaOptions { Rank = 1, Seed = 1 }).Fit(SyntheticData.NormalMatrix(200, 5));

        double[] scores = detector.Score(new FeatureMatrix([0.0, 0, 5, double.NaN, 1, 5, 1, 1, 5], 3));

        Assert.True(double.IsNaN(scores[1]));
        Assert.False(double.IsNaN(scores[0]) || double.IsNaN(scores[2]));
    }

    [Fact]
    public void Fit_RankNotBelowFeatures_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new MLNetPcaTrainer(new MLNetPcaOptions { Rank = 3 }).Fit(SyntheticData.NormalMatrix(50, 1)));

        Assert.StartsWith("The rank 3 must be less than the 3 features.", e.Message, StringComparison.Ordinal);
    }
}
