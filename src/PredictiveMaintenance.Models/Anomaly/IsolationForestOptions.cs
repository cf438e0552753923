namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>Options of <see cref="IsolationForestTrainer"/>, with scikit-learn's defaults and meanings.</summary>
public sealed class IsolationForestOptions : AnomalyDetectorOptions
{
    /// <summary>Trees in the forest (scikit-learn's <c>n_estimators</c>); default 100.</summary>
    public int Trees { get; init; } = 100;

    /// <summary>Rows drawn, without replacement, to grow each tree (<c>max_samples</c>); default 256, and never more than the training rows.</summary>
    public int MaxSamples { get; init; } = 256;

    /// <summary>The random seed; when null, the trainer created from an <c>MLContext</c> draws it from the context, and a trainer created directly uses 0.</summary>
    public int? Seed { get; init; }

    /// <summary>Threads used to grow trees and to score rows; default -1, every core. The result does not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <inheritdoc/>
    /// <remarks>The default threshold is <c>ThresholdRule.Fixed(0.5)</c>, scikit-learn's <c>contamination="auto"</c>.</remarks>
    public override void Validate()
    {
        base.Validate();
        if (Trees < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Trees), Trees, "An isolation forest needs at least one tree.");
        }

        if (MaxSamples < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSamples), MaxSamples, "Each tree needs at least 2 rows (MaxSamples >= 2).");
        }

        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Use -1 for every core, or a positive thread count.");
        }
    }
}
