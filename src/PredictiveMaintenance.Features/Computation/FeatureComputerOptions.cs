namespace PredictiveMaintenance.Features;

/// <summary>Options of a <see cref="FeatureComputer"/>.</summary>
public sealed class FeatureComputerOptions
{
    /// <summary>
    /// Most assets computed at once; -1 (the default) uses every core, 1 computes on the calling thread. Kernels
    /// themselves are single-threaded: parallelism is across assets, which never share state.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    internal void Validate()
    {
        if (MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Use -1 for every core or a positive number of assets.");
        }
    }
}
