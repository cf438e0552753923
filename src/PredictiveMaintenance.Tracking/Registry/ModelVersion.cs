namespace PredictiveMaintenance.Tracking;

/// <summary>
/// A numbered version of a registered model: one package of the model artifact (with its SHA-256, checked on every
/// load), the feature specification and input schema it needs, its training metrics and lineage, and its stage.
/// </summary>
/// <param name="Name">The registered model's name.</param>
/// <param name="Version">The version number, from 1, in order of registration.</param>
/// <param name="Stage">The version's stage.</param>
/// <param name="Created">When it was registered, UTC.</param>
/// <param name="RunId">The run that produced it, if tracked.</param>
/// <param name="ArtifactFileName">The artifact's file name inside the version.</param>
/// <param name="ArtifactSha256">The artifact's SHA-256, lowercase hex.</param>
/// <param name="FeatureSpecification">The feature specification the model scores with, as text, if any.</param>
/// <param name="InputSchemaJson">The telemetry schema the model expects, as IO's schema JSON, if any.</param>
/// <param name="Metrics">Training and evaluation metrics by name.</param>
/// <param name="Lineage">What the model was trained from.</param>
public sealed record ModelVersion(
    string Name,
    int Version,
    ModelStage Stage,
    DateTimeOffset Created,
    string? RunId,
    string ArtifactFileName,
    string ArtifactSha256,
    string? FeatureSpecification,
    string? InputSchemaJson,
    IReadOnlyDictionary<string, double> Metrics,
    RunLineage? Lineage)
{
    /// <summary>
    /// The aliases that point at this version (lowercase, in the order set), such as <c>champion</c>: MLflow's
    /// <c>models:/name@champion</c>. An alias points at one version of its model; see <see cref="ModelRegistry.SetAliasAsync"/>.
    /// </summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}
