namespace PredictiveMaintenance.Models;

/// <summary>What <see cref="BoostedRegressor"/> trains on and how.</summary>
public sealed class BoostedRegressorOptions
{
    /// <summary>The boosting library. Default <see cref="BoostingAlgorithm.LightGbm"/>.</summary>
    public BoostingAlgorithm Algorithm { get; init; } = BoostingAlgorithm.LightGbm;

    /// <summary>
    /// The windowed features, in the feature specification grammar (docs/features.md) over the normalized channels;
    /// null (the default) uses <see cref="DefaultFeatures"/> for every channel the normalization keeps.
    /// </summary>
    public string? Features { get; init; }

    /// <summary>The features per channel when <see cref="Features"/> is null. Default: the value (a one-row mean), 5- and 30-row means, 30-row std, min, max and slope.</summary>
    public string DefaultFeatures { get; init; } = "mean(1), mean(5), mean(30), std(30), min(30), max(30), slope(30)";

    /// <summary>Boosting rounds. Default 400.</summary>
    public int Iterations { get; init; } = 400;

    /// <summary>Leaves per tree. Default 16.</summary>
    public int Leaves { get; init; } = 16;

    /// <summary>Minimum rows per leaf. Default 50.</summary>
    public int MinimumRowsPerLeaf { get; init; } = 50;

    /// <summary>Shrinkage. Default 0.03.</summary>
    public double LearningRate { get; init; } = 0.03;

    /// <summary>The cap of the remaining-life target, in cycles or hours. Default 125.</summary>
    public double RemainingLifeCap { get; init; } = 125;

    /// <summary>A <see cref="ChannelRole.Label"/> channel with the time until service; null treats assets as run to failure.</summary>
    public string? LabelChannel { get; init; }

    /// <summary>Channel selection, operating conditions and scaling, fitted before the features.</summary>
    public NormalizationOptions Normalization { get; init; } = new();

    /// <summary>Seeds ML.NET. Default 0.</summary>
    public int Seed { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Iterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Leaves, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumRowsPerLeaf, 1);
        ArgumentNullException.ThrowIfNull(Normalization);
        ArgumentException.ThrowIfNullOrWhiteSpace(DefaultFeatures);
        if (!(LearningRate is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be in (0, 1].");
        }

        if (!(RemainingLifeCap > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(RemainingLifeCap), RemainingLifeCap, "The cap must be positive.");
        }

        if (!Enum.IsDefined(Algorithm))
        {
            throw new ArgumentOutOfRangeException(nameof(Algorithm), Algorithm, "Unknown algorithm.");
        }
    }
}

/// <summary>The gradient-boosting implementation <see cref="BoostedRegressor"/> uses, both from ML.NET.</summary>
public enum BoostingAlgorithm
{
    /// <summary>ML.NET's LightGBM trainer (native LightGBM).</summary>
    LightGbm,

    /// <summary>ML.NET's FastTree (managed MART).</summary>
    FastTree,
}
