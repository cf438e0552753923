namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>Options of <see cref="MahalanobisTrainer"/>: a robust (minimum covariance determinant) or classical estimate.</summary>
public sealed class MahalanobisOptions : AnomalyDetectorOptions
{
    /// <summary>
    /// Whether location and covariance are the minimum covariance determinant estimate (default true), which outliers in
    /// the training rows cannot pull; when false, the sample mean and covariance of all training rows.
    /// </summary>
    public bool Robust { get; init; } = true;

    /// <summary>The share of training rows the robust estimate rests on, in [0.5, 1]; by default <c>(n + p + 1) / 2</c> rows (the highest breakdown point).</summary>
    public double? SupportFraction { get; init; }

    /// <summary>Random starting subsets of the FAST-MCD search; default 50.</summary>
    public int Starts { get; init; } = 50;

    /// <summary>Rows the starts are searched on when there are more training rows (the best start is then refined on all of them); default 5,000.</summary>
    public int SearchRows { get; init; } = 5000;

    /// <summary>The random seed; when null, the trainer created from an <c>MLContext</c> draws it from the context, and a trainer created directly uses 0.</summary>
    public int? Seed { get; init; }

    /// <inheritdoc/>
    /// <remarks>The default threshold is <c>ThresholdRule.Quantile(0.99)</c> of the training rows' squared distances.</remarks>
    public override void Validate()
    {
        base.Validate();
        if (SupportFraction is double fraction && !(fraction >= 0.5 && fraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(SupportFraction), SupportFraction, "The support fraction must be in [0.5, 1].");
        }

        if (Starts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Starts), Starts, "The search needs at least one start.");
        }

        if (SearchRows < 100)
        {
            throw new ArgumentOutOfRangeException(nameof(SearchRows), SearchRows, "Search on at least 100 rows.");
        }
    }
}
