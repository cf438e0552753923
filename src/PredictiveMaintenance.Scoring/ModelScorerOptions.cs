using PredictiveMaintenance.DeltaLake;
using PredictiveMaintenance.Features;

namespace PredictiveMaintenance.Scoring;

/// <summary>Options of a <see cref="ModelScorer"/>.</summary>
public sealed class ModelScorerOptions
{
    /// <summary>Which code loads which model type. Default: <see cref="ScoringModelLoaders.CreateDefault"/> (the anomaly detectors of PredictiveMaintenance.Models).</summary>
    public ScoringModelLoaders? Loaders { get; init; }

    /// <summary>The clock of the predictions' scoring time. Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How features are computed in batch scoring (parallelism across assets). Default: every core.</summary>
    public FeatureComputerOptions? FeatureComputer { get; init; }

    /// <summary>Options of the predictions Delta table (its clock, file ids, retries). Default: the defaults.</summary>
    public DeltaTableOptions? PredictionTable { get; init; }
}
