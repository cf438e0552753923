using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.Models.Evaluation;

namespace PredictiveMaintenance.Models.Tests.Evaluation;

public class AnomalyEvaluatorTests
{
    private static AnomalyPredictions Predict(double[] scores, double threshold) =>
        new ScoresDetector().WithThreshold(threshold).Predict(new FeatureMatrix(scores, 1));

    [Fact]
    public void Total_TwoFiles_SumsCountsAndAveragesAucs()
    {
        var evaluator = new AnomalyEvaluator();
        // File a: TP 1, FP 1, TN 1, FN 1 (F1 0.5), AUC 0.75. File b: TP 3, FP 0, TN 1, FN 0 (F1 1), AUC 1.
        evaluator.Add("a", [true, true, false, false], Predict([0.9, 0.2, 0.8, 0.1], 0.5));
        evaluator.Add("b", [true, true, true, false], Predict([0.9, 0.7, 0.6, 0.1], 0.5));

        AnomalyMetrics total = evaluator.Total();

        Assert.Equal((4L, 1L, 2L, 1L), (total.TruePositives, total.FalsePositives, total.TrueNegatives, total.FalseNegatives));
        // SKAB: TP / (TP + (FN + FP) / 2) = 4 / 5, not the mean of the files' F1 (0.75).
        Assert.Equal(0.8, total.F1, 15);
        Assert.Equal(1.0 / 3, total.FalseAlarmRate, 15);
        Assert.Equal(0.2, total.MissedAlarmRate, 15);
        Assert.Equal((0.75 + 1) / 2, total.RocAuc, 15);
        Assert.Equal(["a", "b"], evaluator.Files.Select(f => f.Key));
        Assert.Equal(0.5, evaluator.Files[0].Value.F1, 15);
    }

    /// <summary>A detector whose score is its single feature, to evaluate chosen scores through the real shape.</summary>
    private sealed class ScoresDetector() : AnomalyDetector(["score"])
    {
        public override string ModelType => "scores";

        protected override void ScoreCore(FeatureMatrix rows, Span<double> destination) => rows.Values.CopyTo(destination);

        protected override ModelArtifact WriteArtifact(System.Text.Json.Nodes.JsonObject parameters) => new(ModelType, 1, parameters);
    }
}
