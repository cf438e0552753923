namespace PredictiveMaintenance.Models;

/// <summary>What <see cref="FailureClassifier"/> trains on and how.</summary>
public sealed class FailureClassifierOptions
{
    /// <summary>
    /// The <see cref="ChannelRole.Label"/> channel with each row's class: 0 for no failure, <c>k</c> for the k-th
    /// component (the Joins package's <c>failure_class_{H}</c>). Default <c>failure_class_24h</c>.
    /// </summary>
    public string LabelChannel { get; init; } = "failure_class_24h";

    /// <summary>
    /// The class names by class number, such as <c>none, comp1, comp2, comp3, comp4</c>; their count fixes the classes.
    /// Null (the default) numbers the classes 0 to the largest label in the training table and names them by number.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>The channels used as features, in this order; null (the default) uses every channel that is not a label.</summary>
    public IReadOnlyList<string>? FeatureChannels { get; init; }

    /// <summary>Boosting rounds. Default 200.</summary>
    public int Iterations { get; init; } = 200;

    /// <summary>Leaves per tree. Default 16.</summary>
    public int Leaves { get; init; } = 16;

    /// <summary>Minimum rows per leaf. Default 20.</summary>
    public int MinimumRowsPerLeaf { get; init; } = 20;

    /// <summary>Shrinkage. Default 0.05.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>Seeds ML.NET and LightGBM. Default 0.</summary>
    public int Seed { get; init; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(LabelChannel);
        ArgumentOutOfRangeException.ThrowIfLessThan(Iterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Leaves, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumRowsPerLeaf, 1);
        if (!(LearningRate is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be in (0, 1].");
        }

        if (ClassNames is { Count: < 2 })
        {
            throw new ArgumentException($"A classifier needs at least 2 classes; {ClassNames.Count} were named.", nameof(ClassNames));
        }

        if (FeatureChannels is { Count: 0 })
        {
            throw new ArgumentException("At least one feature channel is needed.", nameof(FeatureChannels));
        }
    }
}
