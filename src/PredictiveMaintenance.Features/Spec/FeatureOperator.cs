namespace PredictiveMaintenance.Features;

/// <summary>What a feature computes from its channel.</summary>
public enum FeatureOperator
{
    /// <summary>An <see cref="Features.Aggregate"/> over a rolling window, or over the spec's tumbling buckets.</summary>
    Aggregate,

    /// <summary>The value a number of rows back (pandas <c>shift</c>).</summary>
    Lag,

    /// <summary>The change from the value a number of rows back (pandas <c>diff</c>).</summary>
    Difference,

    /// <summary>Exponentially weighted mean.</summary>
    EwmMean,

    /// <summary>Exponentially weighted (bias-corrected) variance.</summary>
    EwmVariance,
}
