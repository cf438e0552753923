namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>Loads any anomaly detector of this package from an artifact, by its model type.</summary>
public static class AnomalyDetectors
{
    /// <summary>Reads the detector an artifact holds.</summary>
    /// <param name="artifact">The artifact.</param>
    /// <exception cref="ModelArtifactException">It holds no detector of this package, or an invalid one.</exception>
    public static AnomalyDetector Load(ModelArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return artifact.ModelType switch
        {
            IsolationForestDetector.ArtifactModelType => IsolationForestDetector.Load(artifact),
            PcaSpcDetector.ArtifactModelType => PcaSpcDetector.Load(artifact),
            MahalanobisDetector.ArtifactModelType => MahalanobisDetector.Load(artifact),
            MLNetPcaDetector.ArtifactModelType => MLNetPcaDetector.Load(artifact),
            _ => throw new ModelArtifactException($"The artifact holds a '{artifact.ModelType}' model, which is not an anomaly detector of PredictiveMaintenance.Models (isolation-forest, pca-spc, mahalanobis, mlnet-randomized-pca)."),
        };
    }

    /// <summary>Reads the detector an artifact file holds.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ModelArtifactException">It holds no detector of this package, or an invalid one.</exception>
    public static async Task<AnomalyDetector> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        Load(await ModelArtifact.LoadAsync(path, cancellationToken).ConfigureAwait(false));
}
