using PredictiveMaintenance.Models.Anomaly;

namespace PredictiveMaintenance.Models.Tests.Anomaly;

public class PcaSpcTests
{
    private static PcaSpcDetector Fit(FeatureMatrix rows, PcaSpcOptions? options = null) => new PcaSpcTrainer(options ?? new PcaSpcOptions()).Fit(rows);

    [Theory]
    [InlineData(new[] { 1.0 }, 6.585773096926757)]
    [InlineData(new[] { 0.5, 0.25, 0.1 }, 3.987436681880303)]
    public void QLimit_MatchesJacksonMudholkar(double[] discarded, double expected)
    {
        // Computed with scipy.stats.norm.ppf(0.99) and the formula of Jackson and Mudholkar (1979).
        Assert.Equal(expected, PcaSpcTrainer.QLimit(discarded, 0.99), 9);
    }

    [Fact]
    public void T2Limit_HundredRowsTwoComponents_IsTheFPredictionLimit()
    {
        PcaSpcDetector detector = Fit(SyntheticData.NormalMatrix(100, 1), new PcaSpcOptions { Components = 2 });

        // k(n-1)(n+1)/(n(n-k)) F(0.99; k, n-k) with scipy.stats.f.ppf.
        Assert.Equal(9.853128787335944, detector.T2Limit, 6);
    }

    [Fact]
    public void Statistics_AllComponentsKept_T2IsTheMahalanobisDistanceAndQIsZero()
    {
        FeatureMatrix train = SyntheticData.NormalMatrix(300, 2);
        PcaSpcDetector detector = Fit(train, new PcaSpcOptions { Standardize = false, Components = 3 });
        FeatureMatrix probe = SyntheticData.WithOutliers(5, 3, seed: 3);

        (double[] t2, double[] q) = detector.Statistics(probe);

        double[] distances = SyntheticData.SquaredMahalanobis(train, probe, degreesOfFreedomLost: 1);
        for (int r = 0; r < probe.RowCount; r++)
        {
            Assert.Equal(distances[r], t2[r], 8);
            Assert.Equal(0, q[r], 9);
        }
    }

    [Fact]
    public void Statistics_OneComponent_QIsTheSquaredDistanceFromThePrincipalLine()
    {
        // Points on the line y = x (plus tiny noise): the first component is the line, Q of (1, -1) is its squared distance 2.
        var random = new Random(4);
        double[] values = [.. Enumerable.Range(0, 200).SelectMany(_ => { double t = SyntheticData.Gaussian(random); return new[] { t, t + (1e-6 * SyntheticData.Gaussian(random)) }; })];
        PcaSpcDetector detector = Fit(new FeatureMatrix(values, 2), new PcaSpcOptions { Standardize = false, Components = 1 });
        double mean = values.Where((_, i) => i % 2 == 0).Average();

        (_, double[] q) = detector.Statistics(new FeatureMatrix([mean + 1, mean - 1], 2));

        Assert.Equal(2, q[0], 4);
    }

    [Fact]
    public void Predict_FreshNormalRows_AlarmAtAboutTheLimitsRate()
    {
        PcaSpcDetector detector = Fit(SyntheticData.NormalMatrix(5000, 5));

        double rate = detector.Predict(SyntheticData.NormalMatrix(20000, 6)).AlarmCount / 20000.0;

        // Two statistics at 99 % each: between 1 % and 2 % of normal rows, plus the estimation error of 5,000 rows.
        Assert.InRange(rate, 0.008, 0.03);
        Assert.Equal(1.0, detector.Threshold);
    }

    [Fact]
    public void Predict_KnownOutliers_AllAlarm()
    {
        PcaSpcDetector detector = Fit(SyntheticData.NormalMatrix(2000, 7));

        AnomalyPredictions predictions = detector.Predict(SyntheticData.WithOutliers(0, 10, seed: 8));

        Assert.Equal(10, predictions.AlarmCount);
    }

    [Fact]
    public void Fit_ExplainedVariance_KeepsTheFewestComponentsReachingIt()
    {
        // Standardized, x and y correlate at 0.8: eigenvalues about 1.8, 1 and 0.2 of 3; 0.85 needs the first two (0.93), 0.5 the first (0.6).
        Assert.Equal(2, Fit(SyntheticData.NormalMatrix(5000, 9)).Components);
        Assert.Equal(1, Fit(SyntheticData.NormalMatrix(5000, 9), new PcaSpcOptions { ExplainedVariance = 0.5 }).Components);
    }

    [Fact]
    public async Task Load_SavedDetector_ScoresBitIdentically()
    {
        PcaSpcDetector detector = Fit(SyntheticData.NormalMatrix(500, 10));
        FeatureMatrix probe = SyntheticData.WithOutliers(100, 5, seed: 11);
        using var stream = new MemoryStream();
        await detector.ToArtifact().WriteAsync(stream);
        stream.Position = 0;

        AnomalyDetector loaded = AnomalyDetectors.Load(await ModelArtifact.ReadAsync(stream, "pca.pdm"));

        Assert.IsType<PcaSpcDetector>(loaded);
        Assert.Equal(detector.Score(probe).Select(BitConverter.DoubleToInt64Bits), loaded.Score(probe).Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal((detector.T2Limit, detector.QLimit), (((PcaSpcDetector)loaded).T2Limit, ((PcaSpcDetector)loaded).QLimit));
    }

    [Fact]
    public void Fit_TooFewRows_ThrowsCountingThem()
    {
        var e = Assert.Throws<ArgumentException>(() => Fit(SyntheticData.NormalMatrix(4, 1)));

        Assert.StartsWith("PCA process control of 3 features needs at least 5 rows without missing values; there are 4 of 4.", e.Message, StringComparison.Ordinal);
    }
}
