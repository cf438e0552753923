using PredictiveMaintenance.Models;
using PredictiveMaintenance.Models.Anomaly;

namespace PredictiveMaintenance.Scoring;

/// <summary>
/// Which code loads which model type: a map from an artifact's <see cref="ModelArtifact.ModelType"/> to a loader.
/// <see cref="CreateDefault"/> knows the anomaly detectors of PredictiveMaintenance.Models; an application adds the
/// model types of other packages with <see cref="Add"/>, so that this package needs none of them (no TorchSharp).
/// </summary>
/// <example>
/// <code>
/// ScoringModelLoaders loaders = ScoringModelLoaders.CreateDefault().Add(SequenceRegressionModel.ModelType, (artifact, source) =>
/// {
///     SequenceRegressionModel model = SequenceRegressionModel.FromArtifact(artifact, source);
///     return ScoringModel.FromRowPredictor(SequenceRegressionModel.ModelType, model.Normalizer.Channels, model.PredictRows, model);
/// });
/// </code>
/// </example>
/// <remarks>Nothing is loaded by type name: a model type is a key in this map, and a type the map lacks is refused.</remarks>
public sealed class ScoringModelLoaders
{
    private readonly Dictionary<string, Func<ModelArtifact, string, ScoringModel>> _loaders = new(StringComparer.Ordinal);

    /// <summary>The model types that can be loaded, in ordinal order.</summary>
    public IReadOnlyList<string> ModelTypes => [.. _loaders.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Loaders for every anomaly detector of PredictiveMaintenance.Models (isolation-forest, pca-spc, mahalanobis,
    /// mlnet-randomized-pca) and its time-until-service regressor (boosted-regressor).
    /// </summary>
    public static ScoringModelLoaders CreateDefault()
    {
        var loaders = new ScoringModelLoaders();
        foreach (string type in (string[])[IsolationForestDetector.ArtifactModelType, PcaSpcDetector.ArtifactModelType, MahalanobisDetector.ArtifactModelType, MLNetPcaDetector.ArtifactModelType])
        {
            loaders.Add(type, (artifact, _) => ScoringModel.FromAnomalyDetector(AnomalyDetectors.Load(artifact)));
        }

        // The settings a multi-condition normalization clusters on are inputs too, so that the scorer's input check
        // refuses a table without them instead of the normalizer failing mid-scoring.
        loaders.Add(BoostedRegressionModel.ModelType, (artifact, source) =>
        {
            BoostedRegressionModel model = BoostedRegressionModel.FromArtifact(artifact, source);
            return ScoringModel.FromRowPredictor(BoostedRegressionModel.ModelType, [.. model.Normalizer.Channels, .. model.Normalizer.SettingChannels], model.PredictRows);
        });
        return loaders;
    }

    /// <summary>Adds the loader of a model type.</summary>
    /// <param name="modelType">The artifact's model type.</param>
    /// <param name="loader">Builds the scoring model from a checked artifact and its name (for messages).</param>
    /// <returns>This instance.</returns>
    /// <exception cref="ArgumentException">The model type already has a loader.</exception>
    public ScoringModelLoaders Add(string modelType, Func<ModelArtifact, string, ScoringModel> loader)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelType);
        ArgumentNullException.ThrowIfNull(loader);
        if (!_loaders.TryAdd(modelType, loader))
        {
            throw new ArgumentException($"Model type '{modelType}' already has a loader.", nameof(modelType));
        }

        return this;
    }

    /// <summary>Loads the model an artifact holds.</summary>
    /// <param name="artifact">The artifact, already checked (hashes, format).</param>
    /// <param name="source">Its name, for messages.</param>
    /// <exception cref="ModelArtifactException">No loader knows the artifact's model type, or the loader refuses the artifact.</exception>
    public ScoringModel Load(ModelArtifact artifact, string source)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentException.ThrowIfNullOrEmpty(source);
        return _loaders.TryGetValue(artifact.ModelType, out Func<ModelArtifact, string, ScoringModel>? loader)
            ? loader(artifact, source)
            : throw new ModelArtifactException($"{source} holds a '{artifact.ModelType}' model, which no loader knows; the loaders know {string.Join(", ", ModelTypes)}. Register its package's loader with ScoringModelLoaders.Add.");
    }

    internal ScoringModelLoaders Snapshot()
    {
        var copy = new ScoringModelLoaders();
        foreach ((string type, Func<ModelArtifact, string, ScoringModel> loader) in _loaders)
        {
            copy._loaders.Add(type, loader);
        }

        return copy;
    }
}
