namespace PredictiveMaintenance.Models.Tests.Regression;

public class RegressionMetricsTests
{
    [Fact]
    public void Evaluate_KnownErrors_GivesRmseMaeAndAsymmetricScore()
    {
        double[] actual = [100, 50, 20, 10];
        double[] predicted = [87, 60, 20, 0];

        RegressionEvaluation e = RegressionMetrics.Evaluate(predicted, actual);

        Assert.Equal(4, e.Count);
        Assert.Equal(Math.Sqrt(((13.0 * 13) + (10 * 10) + 0 + (10 * 10)) / 4), e.RootMeanSquaredError, 12);
        Assert.Equal((13.0 + 10 + 0 + 10) / 4, e.MeanAbsoluteError, 12);
        // d = -13 (early): e^1 - 1; d = +10 (late): e^1 - 1; d = 0: 0; d = -10 (early): e^(10/13) - 1.
        Assert.Equal((Math.E - 1) + (Math.E - 1) + 0 + (Math.Exp(10.0 / 13) - 1), e.CmapssScore, 12);
    }

    [Fact]
    public void CmapssScore_LateCostsMoreThanEarly()
    {
        Assert.True(RegressionMetrics.CmapssScore([60], [50]) > RegressionMetrics.CmapssScore([40], [50]));
        Assert.Equal(0, RegressionMetrics.CmapssScore([50, 7], [50, 7]));
    }

    [Fact]
    public void Evaluate_DifferentLengths_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => RegressionMetrics.Evaluate([1, 2], [1]));
        Assert.StartsWith("There are 2 predictions but 1 true values.", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RegressionMetrics.RootMeanSquaredError([], []));
    }
}
