namespace PredictiveMaintenance.Models.Evaluation;

/// <summary>Threshold-free quality of anomaly scores against labels: ROC-AUC and average precision.</summary>
/// <remarks>Rows with a NaN score are left out. Both match scikit-learn's <c>roc_auc_score</c> and <c>average_precision_score</c>, ties included.</remarks>
public static class RankingMetrics
{
    /// <summary>The area under the ROC curve: the probability that an anomaly scores above a normal row, ties counting one half.</summary>
    /// <param name="labels">Whether each row is an anomaly.</param>
    /// <param name="scores">Each row's score; higher is more anomalous.</param>
    /// <returns>In [0, 1]; NaN when there is no anomaly or no normal row.</returns>
    public static double RocAuc(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        (double[] sorted, bool[] sortedLabels) = SortDescending(labels, scores);
        long positives = sortedLabels.Count(l => l), negatives = sortedLabels.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        // Mann-Whitney: for each group of tied scores, positives above every negative scored lower, half for the ties.
        double area = 0;
        long negativesBelow = negatives;
        for (int i = 0; i < sorted.Length;)
        {
            int end = i;
            long groupPositives = 0, groupNegatives = 0;
            while (end < sorted.Length && sorted[end] == sorted[i])
            {
                if (sortedLabels[end])
                {
                    groupPositives++;
                }
                else
                {
                    groupNegatives++;
                }

                end++;
            }

            negativesBelow -= groupNegatives;
            area += groupPositives * (negativesBelow + (0.5 * groupNegatives));
            i = end;
        }

        return area / ((double)positives * negatives);
    }

    /// <summary>Average precision: the precision at each distinct threshold weighted by the recall it adds.</summary>
    /// <param name="labels">Whether each row is an anomaly.</param>
    /// <param name="scores">Each row's score; higher is more anomalous.</param>
    /// <returns>In [0, 1]; NaN when there is no anomaly.</returns>
    public static double AveragePrecision(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        (double[] sorted, bool[] sortedLabels) = SortDescending(labels, scores);
        long positives = sortedLabels.Count(l => l);
        if (positives == 0)
        {
            return double.NaN;
        }

        double total = 0;
        long truePositives = 0;
        for (int i = 0; i < sorted.Length;)
        {
            int end = i;
            long added = 0;
            while (end < sorted.Length && sorted[end] == sorted[i])
            {
                added += sortedLabels[end] ? 1 : 0;
                end++;
            }

            truePositives += added;
            total += (double)added / positives * ((double)truePositives / end);
            i = end;
        }

        return total;
    }

    private static (double[] Scores, bool[] Labels) SortDescending(ReadOnlySpan<bool> labels, ReadOnlySpan<double> scores)
    {
        if (labels.Length != scores.Length)
        {
            throw new ArgumentException($"There are {labels.Length} labels and {scores.Length} scores; they must be as many.", nameof(scores));
        }

        var keptScores = new List<double>(scores.Length);
        var keptLabels = new List<bool>(scores.Length);
        for (int i = 0; i < scores.Length; i++)
        {
            if (!double.IsNaN(scores[i]))
            {
                keptScores.Add(-scores[i]);
                keptLabels.Add(labels[i]);
            }
        }

        double[] keys = [.. keptScores];
        bool[] sortedLabels = [.. keptLabels];
        Array.Sort(keys, sortedLabels);
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = -keys[i];
        }

        return (keys, sortedLabels);
    }
}
