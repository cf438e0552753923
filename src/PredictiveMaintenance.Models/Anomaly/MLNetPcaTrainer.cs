using Microsoft.ML;

namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>
/// ML.NET's randomized PCA anomaly trainer (<c>mlContext.AnomalyDetection.Trainers.RandomizedPca</c>) behind the
/// detector shape: the score is ML.NET's, the normalized distance of a row from the principal subspace of normal rows.
/// </summary>
/// <remarks>
/// ML.NET's score is the distance from the subspace divided by the row's distance from the mean, in [0, 1]: it measures
/// how much of a deviation lies outside the normal subspace, not how large it is, so a large deviation along a normal
/// direction scores low. Standardizing centres the features (ML.NET's normalizer with <c>fixZero: false</c>); without
/// centring, a feature with a large mean and small spread would be scaled away. Rows with a missing value are left out
/// of fitting and score NaN. ML.NET computes in single precision.
/// </remarks>
public sealed class MLNetPcaTrainer : AnomalyDetectorTrainer<MLNetPcaDetector>
{
    private readonly MLNetPcaOptions _options;
    private readonly int _seed;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">The options; validated here.</param>
    public MLNetPcaTrainer(MLNetPcaOptions options)
        : base(options)
    {
        _options = options;
        _seed = options.Seed ?? 0;
    }

    /// <inheritdoc/>
    protected override ThresholdRule DefaultThreshold => ThresholdRule.Quantile(0.99);

    /// <inheritdoc/>
    protected override MLNetPcaDetector FitCore(FeatureMatrix normal)
    {
        ArgumentNullException.ThrowIfNull(normal);
        int p = normal.ColumnCount;
        if (_options.Rank >= p)
        {
            throw new ArgumentException($"The rank {_options.Rank} must be less than the {p} features.", nameof(normal));
        }

        int[] complete = Standardizer.CompleteRows(normal, _options.Rank + 1, $"Randomized PCA of rank {_options.Rank}");

        var context = new MLContext(_seed);
        IDataView data = MLNetRows.ToDataView(context, normal, complete);
        var pca = context.AnomalyDetection.Trainers.RandomizedPca(new Microsoft.ML.Trainers.RandomizedPcaTrainer.Options
        {
            FeatureColumnName = MLNetRows.FeaturesColumn,
            Rank = _options.Rank,
            Oversampling = _options.Oversampling,
            EnsureZeroMean = true,
            Seed = _seed,
        });
        ITransformer model = _options.Standardize
            ? context.Transforms.NormalizeMeanVariance(MLNetRows.FeaturesColumn, fixZero: false).Append(pca).Fit(data)
            : pca.Fit(data);
        return new MLNetPcaDetector(normal.ColumnNames, context, model);
    }
}
