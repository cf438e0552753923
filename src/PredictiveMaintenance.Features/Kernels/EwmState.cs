namespace PredictiveMaintenance.Features;

/// <summary>
/// Where an exponentially weighted mean or variance stands after some rows of a series: everything needed to continue
/// it with the next rows exactly as if the series had been processed in one go.
/// </summary>
/// <remarks>
/// A plain value: copy it, store it, and pass it back to the <see cref="ExponentialMoving"/> overloads that take a
/// state; only those kernels and <see cref="FeatureState"/> (which stores it as JSON) change it, so a state cannot be
/// edited into one no series could reach. <c>default</c> is the state of a new series. The
/// fields mirror pandas' recursion (adjust=True): the running mean, the weighted variance before bias correction, the
/// sums of weights and of squared weights, the weight of the history, and the counts.
/// </remarks>
public record struct EwmState
{
    /// <summary>Rows seen, valid or not.</summary>
    public long Rows { get; internal set; }

    /// <summary>Valid values seen.</summary>
    public long ValidCount { get; internal set; }

    /// <summary>Time of the last row seen (time-based half-life only).</summary>
    public long LastTime { get; internal set; }

    /// <summary>The weighted mean; NaN before the first valid value.</summary>
    public double Mean { get; internal set; }

    /// <summary>The weighted (biased) variance about <see cref="Mean"/>.</summary>
    public double BiasedVariance { get; internal set; }

    /// <summary>Sum of the weights of the valid values seen.</summary>
    public double SumOfWeights { get; internal set; }

    /// <summary>Sum of the squared weights of the valid values seen.</summary>
    public double SumOfSquaredWeights { get; internal set; }

    /// <summary>Total weight of the history relative to a new value's weight of 1.</summary>
    public double HistoryWeight { get; internal set; }

    internal double StepMean(double value, double factor, int minPeriods)
    {
        bool valid = !double.IsNaN(value);
        if (Rows++ == 0)
        {
            Mean = value;
            HistoryWeight = 1;
        }
        else if (!double.IsNaN(Mean))
        {
            HistoryWeight *= factor;
            if (valid)
            {
                // pandas skips the update for an equal value so that constant series stay exact.
                if (Mean != value)
                {
                    Mean = ((HistoryWeight * Mean) + value) / (HistoryWeight + 1);
                }

                HistoryWeight += 1;
            }
        }
        else if (valid)
        {
            Mean = value;
        }

        ValidCount += valid ? 1 : 0;
        return ValidCount >= minPeriods ? Mean : double.NaN;
    }

    internal double StepVariance(double value, double factor, int minPeriods)
    {
        bool valid = !double.IsNaN(value);
        if (Rows++ == 0)
        {
            Mean = value;
            BiasedVariance = 0;
            SumOfWeights = 1;
            SumOfSquaredWeights = 1;
            HistoryWeight = 1;
        }
        else if (!double.IsNaN(Mean))
        {
            SumOfWeights *= factor;
            SumOfSquaredWeights *= factor * factor;
            HistoryWeight *= factor;
            if (valid)
            {
                double previousMean = Mean;
                if (Mean != value)
                {
                    Mean = ((HistoryWeight * previousMean) + value) / (HistoryWeight + 1);
                }

                BiasedVariance = ((HistoryWeight * (BiasedVariance + ((previousMean - Mean) * (previousMean - Mean)))) + ((value - Mean) * (value - Mean))) / (HistoryWeight + 1);
                SumOfWeights += 1;
                SumOfSquaredWeights += 1;
                HistoryWeight += 1;
            }
        }
        else if (valid)
        {
            Mean = value;
        }

        ValidCount += valid ? 1 : 0;
        if (ValidCount < minPeriods || Rows == 1)
        {
            return double.NaN;
        }

        double numerator = SumOfWeights * SumOfWeights;
        double denominator = numerator - SumOfSquaredWeights;
        return denominator > 0 ? numerator / denominator * BiasedVariance : double.NaN;
    }
}
