using System.Collections.ObjectModel;
using PredictiveMaintenance.Models.Anomaly;

namespace PredictiveMaintenance.Models.Evaluation;

/// <summary>
/// Collects per-file metrics and aggregates them the way the SKAB benchmark does: confusion counts summed over all files
/// (so F1, FAR and MAR weigh each row equally), and the AUCs averaged over the files.
/// </summary>
/// <remarks>
/// SKAB's <c>chp_score(metric="binary")</c> sums TP, TN, FP and FN over the files and computes
/// <c>F1 = TP / (TP + (FN + FP) / 2)</c>, <c>FAR = FP / (FP + TN)</c> and <c>MAR = FN / (FN + TP)</c>; it scores the
/// <c>anomaly</c> label only, not the <c>changepoint</c> one. SKAB reports no AUC: a per-file detector's scores are on
/// per-file scales, so this class averages each file's AUC rather than pooling scores.
/// </remarks>
public sealed class AnomalyEvaluator
{
    private readonly List<KeyValuePair<string, AnomalyMetrics>> _files = [];

    /// <summary>The metrics of each file added, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, AnomalyMetrics>> Files => new ReadOnlyCollection<KeyValuePair<string, AnomalyMetrics>>(_files);

    /// <summary>Adds a file's evaluation.</summary>
    /// <param name="name">The file's name.</param>
    /// <param name="labels">Whether each scored row is an anomaly.</param>
    /// <param name="predictions">The detector's predictions for those rows.</param>
    /// <returns>The file's metrics.</returns>
    public AnomalyMetrics Add(string name, ReadOnlySpan<bool> labels, AnomalyPredictions predictions)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        AnomalyMetrics metrics = AnomalyMetrics.Compute(labels, predictions);
        _files.Add(KeyValuePair.Create(name, metrics));
        return metrics;
    }

    /// <summary>The aggregate over the files added: summed confusion counts, mean AUCs (files where an AUC is NaN are left out of its mean).</summary>
    public AnomalyMetrics Total()
    {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        foreach ((_, AnomalyMetrics m) in _files)
        {
            tp += m.TruePositives;
            fp += m.FalsePositives;
            tn += m.TrueNegatives;
            fn += m.FalseNegatives;
        }

        return new AnomalyMetrics(tp, fp, tn, fn, MeanOf(m => m.RocAuc), MeanOf(m => m.PrAuc));
    }

    private double MeanOf(Func<AnomalyMetrics, double> metric)
    {
        double[] values = [.. _files.Select(f => metric(f.Value)).Where(v => !double.IsNaN(v))];
        return values.Length == 0 ? double.NaN : values.Average();
    }
}
