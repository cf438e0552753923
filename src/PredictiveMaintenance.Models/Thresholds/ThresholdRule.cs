using System.Globalization;

namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>
/// How a detector turns scores into alarms: a threshold chosen from the scores of the normal rows it was fitted on. A row
/// raises an alarm when its score is strictly greater than the threshold.
/// </summary>
/// <remarks>NaN training scores are ignored. Rules are immutable and thread-safe.</remarks>
public abstract class ThresholdRule
{
    /// <summary>Creates a rule.</summary>
    protected ThresholdRule()
    {
    }

    /// <summary>The threshold this rule gives for a set of training scores.</summary>
    /// <param name="trainingScores">Scores of normal rows; NaN values are ignored.</param>
    /// <exception cref="ArgumentException">The rule needs scores and there is none that is not NaN.</exception>
    public abstract double Fit(ReadOnlySpan<double> trainingScores);

    /// <summary>A fixed threshold, whatever the training scores.</summary>
    /// <param name="threshold">The threshold; not NaN.</param>
    public static ThresholdRule Fixed(double threshold) => new FixedRule(threshold);

    /// <summary>The <paramref name="probability"/> quantile of the training scores (linear interpolation between order statistics, as numpy's default).</summary>
    /// <param name="probability">In [0, 1], such as 0.99.</param>
    public static ThresholdRule Quantile(double probability) => new QuantileRule(probability, $"quantile({Format(probability)})");

    /// <summary>
    /// The threshold that flags the fraction <paramref name="rate"/> of the training rows, as scikit-learn's
    /// <c>contamination</c>: the <c>1 - rate</c> quantile of the training scores.
    /// </summary>
    /// <param name="rate">In [0, 0.5].</param>
    public static ThresholdRule Contamination(double rate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 0.5);
        return new QuantileRule(1 - rate, $"contamination({Format(rate)})");
    }

    /// <summary>
    /// Peaks over threshold: a generalized Pareto distribution fitted by maximum likelihood to the training scores above
    /// their <paramref name="initialQuantile"/> quantile, and the score it exceeds with probability
    /// <paramref name="riskLevel"/> (Siffer et al., "Anomaly detection in streams with extreme value theory", KDD 2017).
    /// </summary>
    /// <param name="riskLevel">The probability of a normal row exceeding the threshold, in (0, 1 - <paramref name="initialQuantile"/>); default 0.001.</param>
    /// <param name="initialQuantile">Where the tail starts, in (0, 1); default 0.98.</param>
    public static ThresholdRule PeaksOverThreshold(double riskLevel = 1e-3, double initialQuantile = 0.98) =>
        new PeaksOverThresholdRule(riskLevel, initialQuantile);

    /// <summary>Sorts the finite scores, dropping NaN.</summary>
    /// <param name="scores">The scores.</param>
    /// <param name="rule">The rule, for the message when nothing is left.</param>
    private protected static double[] SortedScores(ReadOnlySpan<double> scores, string rule)
    {
        var kept = new List<double>(scores.Length);
        foreach (double score in scores)
        {
            if (!double.IsNaN(score))
            {
                kept.Add(score);
            }
        }

        if (kept.Count == 0)
        {
            throw new ArgumentException($"The {rule} threshold needs training scores; all {scores.Length} are NaN or there are none.", nameof(scores));
        }

        double[] sorted = [.. kept];
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>The <paramref name="probability"/> quantile of sorted values, interpolating linearly between order statistics.</summary>
    internal static double QuantileOfSorted(ReadOnlySpan<double> sorted, double probability)
    {
        double position = probability * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        if (below >= sorted.Length - 1)
        {
            return sorted[^1];
        }

        double fraction = position - below;
        return fraction == 0 ? sorted[below] : sorted[below] + (fraction * (sorted[below + 1] - sorted[below]));
    }

    private protected static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private sealed class FixedRule : ThresholdRule
    {
        private readonly double _threshold;

        public FixedRule(double threshold)
        {
            if (double.IsNaN(threshold))
            {
                throw new ArgumentOutOfRangeException(nameof(threshold), "The threshold must not be NaN.");
            }

            _threshold = threshold;
        }

        public override double Fit(ReadOnlySpan<double> trainingScores) => _threshold;

        public override string ToString() => $"fixed({Format(_threshold)})";
    }

    private sealed class QuantileRule : ThresholdRule
    {
        private readonly double _probability;
        private readonly string _name;

        public QuantileRule(double probability, string name)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(probability);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, 1);
            _probability = probability;
            _name = name;
        }

        public override double Fit(ReadOnlySpan<double> trainingScores) => QuantileOfSorted(SortedScores(trainingScores, _name), _probability);

        public override string ToString() => _name;
    }
}
