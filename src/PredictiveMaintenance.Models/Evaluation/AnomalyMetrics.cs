using PredictiveMaintenance.Models.Anomaly;

namespace PredictiveMaintenance.Models.Evaluation;

/// <summary>
/// How well alarms match labelled anomalies: the confusion counts, the rates derived from them, and the ranking quality
/// of the raw scores (ROC-AUC and PR-AUC).
/// </summary>
/// <remarks>
/// F1 is <c>2TP / (2TP + FP + FN)</c>, the same as SKAB's <c>TP / (TP + (FN + FP) / 2)</c>. A rate whose denominator is
/// 0 is NaN. Rows whose score is NaN count as no alarm and are left out of the AUCs.
/// </remarks>
/// <param name="TruePositives">Anomalous rows with an alarm.</param>
/// <param name="FalsePositives">Normal rows with an alarm.</param>
/// <param name="TrueNegatives">Normal rows without an alarm.</param>
/// <param name="FalseNegatives">Anomalous rows without an alarm.</param>
/// <param name="RocAuc">The area under the ROC curve of the scores; NaN when only one class is present. In an aggregate, the mean over the files that have both.</param>
/// <param name="PrAuc">The area under the precision-recall curve (average precision, as scikit-learn's <c>average_precision_score</c>); NaN without anomalies. In an aggregate, the mean over files.</param>
public sealed record AnomalyMetrics(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives, double RocAuc, double PrAuc)
{
    /// <summary>Rows evaluated.</summary>
    public long Count => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    /// <summary>TP / (TP + FP): the share of alarms that were anomalies.</summary>
    public double Precision => Ratio(TruePositives, TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN): the share of anomalies that raised an alarm.</summary>
    public double Recall => Ratio(TruePositives, TruePositives + FalseNegatives);

    /// <summary>The harmonic mean of precision and recall, 2TP / (2TP + FP + FN).</summary>
    public double F1 => Ratio(2 * TruePositives, (2 * TruePositives) + FalsePositives + FalseNegatives);

    /// <summary>FP / (FP + TN): the share of normal rows that raised an alarm (SKAB's FAR).</summary>
    public double FalseAlarmRate => Ratio(FalsePositives, FalsePositives + TrueNegatives);

    /// <summary>FN / (FN + TP): the share of anomalies missed (SKAB's MAR).</summary>
    public double MissedAlarmRate => Ratio(FalseNegatives, FalseNegatives + TruePositives);

    /// <summary>Evaluates alarms and scores against labels.</summary>
    /// <param name="labels">Whether each row is an anomaly.</param>
    /// <param name="alarms">Whether each row raised an alarm.</param>
    /// <param name="scores">Each row's raw score (higher is more anomalous); NaN rows are left out of the AUCs.</param>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static AnomalyMetrics Compute(ReadOnlySpan<bool> labels, ReadOnlySpan<bool> alarms, ReadOnlySpan<double> scores)
    {
        if (alarms.Length != labels.Length || scores.Length != labels.Length)
        {
            throw new ArgumentException($"There are {labels.Length} labels, {alarms.Length} alarms and {scores.Length} scores; they must be as many.", nameof(labels));
        }

        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            switch ((labels[i], alarms[i]))
            {
                case (true, true): tp++; break;
                case (false, true): fp++; break;
                case (false, false): tn++; break;
                default: fn++; break;
            }
        }

        return new AnomalyMetrics(tp, fp, tn, fn, RankingMetrics.RocAuc(labels, scores), RankingMetrics.AveragePrecision(labels, scores));
    }

    /// <summary>Evaluates a detector's predictions against labels.</summary>
    /// <param name="labels">Whether each row is an anomaly.</param>
    /// <param name="predictions">The detector's scores and alarms for the same rows.</param>
    public static AnomalyMetrics Compute(ReadOnlySpan<bool> labels, AnomalyPredictions predictions)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        return Compute(labels, predictions.Alarms, predictions.Scores);
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;
}
