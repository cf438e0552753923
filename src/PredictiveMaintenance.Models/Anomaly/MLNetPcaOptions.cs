namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>Options of <see cref="MLNetPcaTrainer"/>, which wraps ML.NET's randomized PCA anomaly trainer.</summary>
public sealed class MLNetPcaOptions : AnomalyDetectorOptions
{
    /// <summary>Principal components of the subspace (ML.NET's <c>rank</c>); default 3, and fewer than the features.</summary>
    public int Rank { get; init; } = 3;

    /// <summary>Extra dimensions of the randomized range finder (ML.NET's <c>oversampling</c>); default 20.</summary>
    public int Oversampling { get; init; } = 20;

    /// <summary>Whether the features are standardized (ML.NET's mean-variance normalizer) before the PCA; default true.</summary>
    public bool Standardize { get; init; } = true;

    /// <summary>The random seed; when null, the trainer created from an <c>MLContext</c> draws it from the context, and a trainer created directly uses 0.</summary>
    public int? Seed { get; init; }

    /// <inheritdoc/>
    /// <remarks>The default threshold is <c>ThresholdRule.Quantile(0.99)</c> of the training rows' scores.</remarks>
    public override void Validate()
    {
        base.Validate();
        if (Rank < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Rank), Rank, "The rank must be at least 1.");
        }

        if (Oversampling < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Oversampling), Oversampling, "The oversampling must not be negative.");
        }
    }
}
