using PredictiveMaintenance.Scoring;

namespace PredictiveMaintenance.Serving;

/// <summary>What a scoring service serves and the limits it keeps.</summary>
public sealed class ModelServingOptions
{
    /// <summary>The model to serve: an alias or a stage, which the service follows (<c>pump-detector@champion</c>), or a fixed version.</summary>
    public required ModelReference Model { get; init; }

    /// <summary>The most readings one request may carry; more are refused with 413. Default 10,000.</summary>
    public int MaxRows { get; init; } = 10_000;

    /// <summary>The largest request body in bytes; a larger one is refused with 413. Default 16 MiB.</summary>
    public long MaxRequestBytes { get; init; } = 16L << 20;

    /// <summary>How often the registry is asked whether the alias or stage moved to another version. Default 30 s.</summary>
    public TimeSpan ReloadInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The scorer's loaders, clock and feature options; null for the defaults.</summary>
    public ModelScorerOptions? Scorer { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRequestBytes);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReloadInterval, TimeSpan.Zero);
    }
}
