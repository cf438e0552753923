using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PredictiveMaintenance.Models.Evaluation;

namespace PredictiveMaintenance.Models.Tests.Evaluation;

public class AnomalyMetricsTests
{
    private static readonly bool[] Labels = [true, true, false, false, true];
    private static readonly bool[] Alarms = [true, false, true, false, true];
    private static readonly double[] Scores = [0.9, 0.3, 0.8, 0.1, 0.7];

    [Fact]
    public void Compute_HandExample_GivesCountsAndRates()
    {
        AnomalyMetrics metrics = AnomalyMetrics.Compute(Labels, Alarms, Scores);

        Assert.Equal((2L, 1L, 1L, 1L), (metrics.TruePositives, metrics.FalsePositives, metrics.TrueNegatives, metrics.FalseNegatives));
        Assert.Equal(2.0 / 3, metrics.Precision, 15);
        Assert.Equal(2.0 / 3, metrics.Recall, 15);
        Assert.Equal(2.0 / 3, metrics.F1, 15);
        Assert.Equal(0.5, metrics.FalseAlarmRate, 15);
        Assert.Equal(1.0 / 3, metrics.MissedAlarmRate, 15);
    }

    [Fact]
    public void Compute_HandExample_GivesScikitLearnsAucs()
    {
        AnomalyMetrics metrics = AnomalyMetrics.Compute(Labels, Alarms, Scores);

        // roc_auc_score and average_precision_score of scikit-learn 1.2.1 on the same rows.
        Assert.Equal(0.6666666666666666, metrics.RocAuc, 15);
        Assert.Equal(0.8055555555555556, metrics.PrAuc, 15);
    }

    [Fact]
    public void RankingMetrics_TiedScores_CountHalf()
    {
        Assert.Equal(0.75, RankingMetrics.RocAuc([true, false, false], [1.0, 1, 0]));
        Assert.Equal(0.5, RankingMetrics.AveragePrecision([true, false, false], [1.0, 1, 0]));
    }

    [Fact]
    public void RankingMetrics_NaNScores_AreLeftOut()
    {
        Assert.Equal(1.0, RankingMetrics.RocAuc([true, false, true], [2.0, 1, double.NaN]));
        Assert.True(double.IsNaN(RankingMetrics.RocAuc([true, true], [2.0, 1])));
        Assert.True(double.IsNaN(RankingMetrics.AveragePrecision([false, false], [2.0, 1])));
    }

    [Property(MaxTest = 200)]
    public Property RocAuc_AnyScores_EqualsThePairwiseCount() => Prop.ForAll(
        Gen.Choose(0, 5).Select(v => (double)v).Zip(ArbMap.Default.GeneratorFor<bool>()).ArrayOf().ToArbitrary(),
        rows =>
        {
            bool[] labels = [.. rows.Select(r => r.Item2)];
            double[] scores = [.. rows.Select(r => r.Item1)];
            var positives = rows.Where(r => r.Item2).Select(r => r.Item1).ToArray();
            var negatives = rows.Where(r => !r.Item2).Select(r => r.Item1).ToArray();
            double expected = positives.Length == 0 || negatives.Length == 0
                ? double.NaN
                : positives.Sum(p => negatives.Sum(n => p > n ? 1.0 : p == n ? 0.5 : 0)) / (positives.Length * (double)negatives.Length);
            double actual = RankingMetrics.RocAuc(labels, scores);
            return double.IsNaN(expected) ? double.IsNaN(actual) : Math.Abs(expected - actual) < 1e-12;
        });

    [Fact]
    public void Compute_LengthsDiffer_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => AnomalyMetrics.Compute([true], [true, false], [1.0]));

        Assert.StartsWith("There are 1 labels, 2 alarms and 1 scores; they must be as many.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rates_NoAlarmsAndNoAnomalies_AreNaN()
    {
        AnomalyMetrics metrics = AnomalyMetrics.Compute([false, false], [false, false], [0.0, 0]);

        Assert.True(double.IsNaN(metrics.Precision));
        Assert.True(double.IsNaN(metrics.Recall));
        Assert.Equal(0, metrics.FalseAlarmRate);
    }
}
