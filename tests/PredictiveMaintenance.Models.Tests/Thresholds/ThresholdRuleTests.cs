using PredictiveMaintenance.Models.Anomaly;

namespace PredictiveMaintenance.Models.Tests.Thresholds;

public class ThresholdRuleTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 3.0)]
    [InlineData(0.9, 4.6)]
    [InlineData(1.0, 5.0)]
    public void Quantile_InterpolatesLinearlyAsNumpy(double probability, double expected)
    {
        // numpy.quantile([1, 2, 3, 4, 5], p) with the default linear method.
        Assert.Equal(expected, ThresholdRule.Quantile(probability).Fit([5.0, 1, double.NaN, 3, 2, 4]), 12);
    }

    [Fact]
    public void Contamination_FlagsThatShareOfTrainingRows()
    {
        double[] scores = [.. Enumerable.Range(0, 101).Select(i => (double)i)];

        double threshold = ThresholdRule.Contamination(0.1).Fit(scores);

        Assert.Equal(90, threshold);
        Assert.Equal(10, scores.Count(s => s > threshold));
    }

    [Fact]
    public void Quantile_OnlyNaN_ThrowsNamingTheRule()
    {
        var e = Assert.Throws<ArgumentException>(() => ThresholdRule.Quantile(0.99).Fit([double.NaN, double.NaN]));

        Assert.StartsWith("The quantile(0.99) threshold needs training scores; all 2 are NaN or there are none.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fixed_IgnoresTheScores()
    {
        Assert.Equal(0.5, ThresholdRule.Fixed(0.5).Fit([]));
        Assert.Equal("fixed(0.5)", ThresholdRule.Fixed(0.5).ToString());
    }

    [Theory]
    [InlineData(1e-3)]
    [InlineData(1e-4)]
    public void PeaksOverThreshold_ExponentialScores_GivesTheTrueQuantile(double risk)
    {
        // Exponential(1) scores: P(S > z) = exp(-z), so the threshold of risk q is -ln q; the tail is exactly exponential.
        var random = new Random(7);
        double[] scores = [.. Enumerable.Range(0, 200_000).Select(_ => -Math.Log(1 - random.NextDouble()))];

        double threshold = ThresholdRule.PeaksOverThreshold(risk, 0.98).Fit(scores);

        Assert.Equal(-Math.Log(risk), threshold, 0.6);
    }

    [Fact]
    public void PeaksOverThreshold_ParetoScores_FitsTheHeavyTail()
    {
        // Pareto with shape 4 (tail index ξ = 0.25): P(S > z) = z^-4 for z >= 1, so the risk-q threshold is q^(-1/4).
        var random = new Random(11);
        double[] scores = [.. Enumerable.Range(0, 200_000).Select(_ => Math.Pow(1 - random.NextDouble(), -0.25))];

        double threshold = ThresholdRule.PeaksOverThreshold(1e-4, 0.98).Fit(scores);

        Assert.Equal(10, threshold, 1.5);
    }

    [Theory]
    [InlineData(0.25, 2.0)]
    [InlineData(-0.2, 1.0)]
    [InlineData(0.0, 3.0)]
    public void GeneralizedParetoFit_SampledExcesses_RecoversShapeAndScale(double shape, double scale)
    {
        var random = new Random(5);
        double[] excesses = [.. Enumerable.Range(0, 20_000).Select(_ =>
        {
            double u = 1 - random.NextDouble();
            return shape == 0 ? -scale * Math.Log(u) : scale / shape * (Math.Pow(u, -shape) - 1);
        })];

        (double fittedShape, double fittedScale) = GeneralizedPareto.Fit(excesses);

        Assert.Equal(shape, fittedShape, 0.03);
        Assert.Equal(scale, fittedScale, 0.06 * scale);
    }

    [Fact]
    public void PeaksOverThreshold_TooFewPeaks_FallsBackToTheHighestScore()
    {
        double[] scores = [.. Enumerable.Range(1, 100).Select(i => (double)i)];

        Assert.Equal(100, ThresholdRule.PeaksOverThreshold(1e-3, 0.98).Fit(scores));
    }

    [Fact]
    public void PeaksOverThreshold_RiskAboveTheTailShare_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdRule.PeaksOverThreshold(0.05, 0.98));

        Assert.StartsWith("The risk level must be in (0, 0.02), below the tail's share of the scores.", e.Message, StringComparison.Ordinal);
    }
}
