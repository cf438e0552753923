namespace PredictiveMaintenance.Models;

/// <summary>How <see cref="ChannelNormalizer.Fit(TelemetryTable, NormalizationOptions?)"/> chooses channels, finds operating conditions and scales.</summary>
public sealed class NormalizationOptions
{
    /// <summary>The scaling. Default <see cref="NormalizationMethod.ZScore"/>.</summary>
    public NormalizationMethod Method { get; init; } = NormalizationMethod.ZScore;

    /// <summary>
    /// The number of operating conditions, found by k-means on the <see cref="ChannelRole.Setting"/> channels; 1 turns
    /// the clustering off; null (the default) detects it: the smallest k from 2 to <see cref="MaxOperatingConditions"/>
    /// whose clusters leave less than <see cref="ConditionResidualShare"/> of the settings' variance, else 1.
    /// </summary>
    public int? OperatingConditions { get; init; }

    /// <summary>The largest number of conditions detection tries. Default 8.</summary>
    public int MaxOperatingConditions { get; init; } = 8;

    /// <summary>
    /// The share of the (standardized) settings' variance that clusters may leave unexplained to count as distinct
    /// operating conditions. Default 0.001: six clusters of C-MAPSS FD002 and FD004 settings leave about 1e-6 (measurement
    /// noise), five (two conditions merged) leave more than 0.005, and FD001's single condition leaves far more with any k.
    /// </summary>
    public double ConditionResidualShare { get; init; } = 0.001;

    /// <summary>The channels to normalize; null (the default) means every <see cref="ChannelRole.Sensor"/> channel.</summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>
    /// Channels with fewer distinct training values than this in every operating condition are dropped as constant
    /// (C-MAPSS FD001 sensors 1, 5, 6, 10, 16, 18 and 19). Default 3; 1 keeps every channel that varies at all.
    /// </summary>
    public int MinDistinctValues { get; init; } = 3;

    /// <summary>Seeds the k-means initialization. Default 0.</summary>
    public int Seed { get; init; }

    internal void Validate()
    {
        if (OperatingConditions is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(OperatingConditions), OperatingConditions, "The number of operating conditions must be at least 1.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxOperatingConditions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinDistinctValues, 1);
        if (!(ConditionResidualShare is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ConditionResidualShare), ConditionResidualShare, "The residual share must lie strictly between 0 and 1.");
        }
    }
}
