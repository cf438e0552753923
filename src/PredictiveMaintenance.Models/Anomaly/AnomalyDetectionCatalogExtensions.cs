using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>The anomaly detectors of this package on ML.NET's catalog: <c>mlContext.AnomalyDetection.Trainers.IsolationForest()</c> and the others.</summary>
/// <remarks>
/// A seed left null in the options is drawn from the <see cref="MLContext"/>, the way ML.NET's own trainers draw theirs:
/// a context created with a seed gives the same detectors in the same order of creation.
/// </remarks>
public static class AnomalyDetectionCatalogExtensions
{
    /// <summary>An isolation forest trainer.</summary>
    /// <param name="catalog">The anomaly detection trainers of an <see cref="MLContext"/>.</param>
    /// <param name="trees">Trees in the forest.</param>
    /// <param name="maxSamples">Rows drawn to grow each tree.</param>
    /// <param name="contamination">The fraction of training rows flagged (threshold <c>ThresholdRule.Contamination</c>); null for scikit-learn's "auto", a threshold of 0.5.</param>
    public static IsolationForestTrainer IsolationForest(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, int trees = 100, int maxSamples = 256, double? contamination = null) =>
        IsolationForest(catalog, new IsolationForestOptions
        {
            Trees = trees,
            MaxSamples = maxSamples,
            Threshold = contamination is double rate ? ThresholdRule.Contamination(rate) : null,
        });

    /// <summary>An isolation forest trainer.</summary>
    /// <param name="catalog">The anomaly detection trainers of an <see cref="MLContext"/>.</param>
    /// <param name="options">The options.</param>
    public static IsolationForestTrainer IsolationForest(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, IsolationForestOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new IsolationForestTrainer(options, options.Seed ?? DrawSeed(catalog, nameof(IsolationForest)));
    }

    /// <summary>A PCA process-control trainer (Hotelling T² and Q).</summary>
    /// <param name="catalog">The anomaly detection trainers of an <see cref="MLContext"/>.</param>
    /// <param name="explainedVariance">The share of variance the kept components reach.</param>
    /// <param name="confidence">The confidence of the control limits.</param>
    public static PcaSpcTrainer PcaSpc(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, double explainedVariance = 0.85, double confidence = 0.99) =>
        PcaSpc(catalog, new PcaSpcOptions { ExplainedVariance = explainedVariance, Confidence = confidence });

    /// <summary>A PCA process-control trainer (Hotelling T² and Q).</summary>
    /// <param name="catalog">The anomaly detection trainers of an <see cref="MLContext"/>.</param>
    /// <param name="options">The options.</param>
    public static PcaSpcTrainer PcaSpc(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, PcaSpcOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new PcaSpcTrainer(options);
    }

    /// <summary>A Mahalanobis distance trainer, robust (minimum covariance determinant) by default.</summary>
    /// <param name="catalog">The anomaly detection trainers of an <see cref="MLContext"/>.</param>
    /// <param name="robust">Whether the estimate is the minimum covariance determinant rather than the sample mean and covariance.</param>
    public static MahalanobisTrainer Mahalanobis(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, bool robust = true) =>
        Mahalanobis(catalog, new MahalanobisOptions { Robust = robust });

    /// <summary>A Mahalanobis distance trainer, robust (minimum covariance determinant) by default.</summary>
    /// <param name="catalog">The anomaly detection trainers of an <see cref="MLContext"/>.</param>
    /// <param name="options">The options.</param>
    public static MahalanobisTrainer Mahalanobis(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, MahalanobisOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new MahalanobisTrainer(options, options.Seed ?? DrawSeed(catalog, nameof(Mahalanobis)));
    }

    /// <summary>ML.NET's randomized PCA anomaly trainer behind the detector shape.</summary>
    /// <param name="catalog">The anomaly detection trainers of an <see cref="MLContext"/>.</param>
    /// <param name="rank">Principal components of the subspace.</param>
    public static MLNetPcaTrainer MLNetPca(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, int rank = 3) =>
        MLNetPca(catalog, new MLNetPcaOptions { Rank = rank });

    /// <summary>ML.NET's randomized PCA anomaly trainer behind the detector shape.</summary>
    /// <param name="catalog">The anomaly detection trainers of an <see cref="MLContext"/>.</param>
    /// <param name="options">The options.</param>
    public static MLNetPcaTrainer MLNetPca(this AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, MLNetPcaOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new MLNetPcaTrainer(options, options.Seed ?? DrawSeed(catalog, nameof(MLNetPca)));
    }

    /// <summary>Draws a seed from the context behind a catalog, through a host registered on it as ML.NET's trainers do.</summary>
    internal static int DrawSeed(AnomalyDetectionCatalog.AnomalyDetectionTrainers catalog, string component)
    {
        // ML.NET keeps the context behind its catalogs internal ([BestFriend]); its components reach it through
        // CatalogUtils. The public IHostEnvironment interface is what the context is, so only the two steps to it use
        // reflection; if a future ML.NET renames them, the message says so rather than silently losing the seed.
        object? owner = catalog.GetType().GetProperty("Owner", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(catalog);
        object? environment = owner?.GetType().GetProperty("Environment", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(owner);
        if (environment is not IHostEnvironment host)
        {
            throw new InvalidOperationException($"Cannot reach the MLContext behind the catalog to draw a seed for {component} (ML.NET's internals changed); set the options' Seed.");
        }

        return host.Register(component).Rand.Next();
    }
}
