namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>Options of <see cref="PcaSpcTrainer"/>: PCA-based multivariate statistical process control (Hotelling T² and Q).</summary>
public sealed class PcaSpcOptions : AnomalyDetectorOptions
{
    /// <summary>Whether each feature is scaled to unit variance (after centring) before the PCA; default true, as the features rarely share a unit.</summary>
    public bool Standardize { get; init; } = true;

    /// <summary>Principal components kept: the fewest whose share of the variance reaches this; default 0.85. Ignored when <see cref="Components"/> is set.</summary>
    public double ExplainedVariance { get; init; } = 0.85;

    /// <summary>Principal components kept, when set; at most the feature count.</summary>
    public int? Components { get; init; }

    /// <summary>The confidence of the control limits of T² (F distribution) and Q (Jackson and Mudholkar); default 0.99.</summary>
    public double Confidence { get; init; } = 0.99;

    /// <inheritdoc/>
    /// <remarks>The default threshold is <c>ThresholdRule.Fixed(1)</c>: a row alarms when T² or Q is over its control limit.</remarks>
    public override void Validate()
    {
        base.Validate();
        if (!(ExplainedVariance > 0 && ExplainedVariance <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ExplainedVariance), ExplainedVariance, "The explained variance must be in (0, 1].");
        }

        if (Components is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Components), Components, "Keep at least one component.");
        }

        if (!(Confidence > 0 && Confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Confidence), Confidence, "The confidence must be in (0, 1).");
        }
    }
}
