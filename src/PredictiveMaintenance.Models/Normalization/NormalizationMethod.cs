namespace PredictiveMaintenance.Models;

/// <summary>How <see cref="ChannelNormalizer"/> scales each channel within an operating condition.</summary>
public enum NormalizationMethod
{
    /// <summary>Subtract the training mean, divide by the training standard deviation.</summary>
    ZScore,

    /// <summary>Map the training minimum and maximum to -1 and 1.</summary>
    MinMax,
}
