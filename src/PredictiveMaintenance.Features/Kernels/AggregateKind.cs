namespace PredictiveMaintenance.Features;

/// <summary>A statistic computed over the values of a window or bucket.</summary>
/// <remarks>
/// NaN values are skipped (the pandas convention); a statistic of fewer valid values than the window's
/// <c>minPeriods</c> is NaN. Degrees of freedom and degenerate cases follow pandas 1.5 (see each member).
/// </remarks>
public enum AggregateKind
{
    /// <summary>Sum of the valid values; 0 when there are none and <c>minPeriods</c> is 0.</summary>
    Sum,

    /// <summary>Arithmetic mean of the valid values.</summary>
    Mean,

    /// <summary>Sample variance (ddof 1); NaN with fewer than 2 valid values, exactly 0 when they are all equal.</summary>
    Variance,

    /// <summary>Sample standard deviation (ddof 1): the square root of <see cref="Variance"/>.</summary>
    StandardDeviation,

    /// <summary>Smallest valid value.</summary>
    Min,

    /// <summary>Largest valid value.</summary>
    Max,

    /// <summary>Median: the middle valid value, or the mean of the two middle ones.</summary>
    Median,

    /// <summary>Quantile with linear interpolation between the closest ranks (pandas' default), at a given probability.</summary>
    Quantile,

    /// <summary>
    /// Number of valid values. As in pandas, <c>minPeriods</c> is compared with the number of rows in the window,
    /// valid or not, so a window of NaNs counts 0 rather than giving NaN.
    /// </summary>
    Count,

    /// <summary>Root mean square of the valid values.</summary>
    RootMeanSquare,

    /// <summary>Peak to peak: largest minus smallest valid value.</summary>
    PeakToPeak,

    /// <summary>Adjusted Fisher-Pearson sample skewness; NaN with fewer than 3 valid values, 0 when they are all equal.</summary>
    Skewness,

    /// <summary>Sample excess kurtosis (Fisher, bias corrected); NaN with fewer than 4 valid values, -3 when they are all equal.</summary>
    Kurtosis,

    /// <summary>
    /// Least-squares slope of the valid values against time: per row for row windows, per second for time windows
    /// and time buckets; NaN with fewer than 2 valid values.
    /// </summary>
    Slope,
}
