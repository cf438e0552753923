namespace PredictiveMaintenance.Tracking;

/// <summary>What to register as a new model version, besides the artifact file itself.</summary>
public sealed record NewModelVersion
{
    /// <summary>The run that produced the model, if tracked.</summary>
    public string? RunId { get; init; }

    /// <summary>The feature specification the model scores with, as text.</summary>
    public string? FeatureSpecification { get; init; }

    /// <summary>The telemetry schema the model expects.</summary>
    public TelemetrySchema? InputSchema { get; init; }

    /// <summary>Training and evaluation metrics by name. Default: none.</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>What the model was trained from.</summary>
    public RunLineage? Lineage { get; init; }
}
