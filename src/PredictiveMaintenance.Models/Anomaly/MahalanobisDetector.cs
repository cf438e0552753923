using System.Text.Json.Nodes;

namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>A fitted Mahalanobis distance: the score of a row is its squared distance from the fitted location under the fitted covariance.</summary>
public sealed class MahalanobisDetector : AnomalyDetector
{
    /// <summary>The artifact's model type.</summary>
    public const string ArtifactModelType = "mahalanobis";

    private const int LayoutVersion = 1;
    private readonly Standardizer _standardizer;
    private readonly GaussianModel _model;

    internal MahalanobisDetector(IReadOnlyList<string> featureNames, Standardizer standardizer, GaussianModel model, int support)
        : base(featureNames)
    {
        _standardizer = standardizer;
        _model = model;
        Support = support;
    }

    private MahalanobisDetector(ModelArtifact artifact)
        : base(artifact)
    {
        int p = FeatureNames.Count;
        double[] mean = artifact.GetDoubles("mean"), scale = artifact.GetDoubles("scale");
        double[] location = artifact.GetDoubles("location"), cholesky = artifact.GetDoubles("cholesky");
        bool valid = mean.Length == p && scale.Length == p && location.Length == p && cholesky.Length == p * p;
        for (int j = 0; valid && j < p; j++)
        {
            valid = cholesky[(j * p) + j] > 0;
        }

        if (!valid)
        {
            throw new ModelArtifactException($"The {ArtifactModelType} artifact is inconsistent: {p} features, {mean.Length} means, {scale.Length} scales, {location.Length} location values, {cholesky.Length} factor values with a positive diagonal expected.");
        }

        _standardizer = new Standardizer(mean, scale);
        _model = GaussianModel.FromFactor(location, cholesky);
        Support = ReadInt(artifact, artifact.Parameters, "support");
    }

    /// <inheritdoc/>
    public override string ModelType => ArtifactModelType;

    /// <summary>Training rows the estimate rests on: h for the robust estimate (before reweighting), every complete row for the classical one.</summary>
    public int Support { get; }

    /// <summary>The fitted location, in the features' units.</summary>
    public IReadOnlyList<double> Location => [.. _model.Mean.Select((m, j) => _standardizer.Mean[j] + (m * _standardizer.Scale[j]))];

    /// <summary>Reads a detector from an artifact.</summary>
    /// <param name="artifact">The artifact.</param>
    /// <exception cref="ModelArtifactException">It holds another model, a newer layout, or inconsistent arrays.</exception>
    public static MahalanobisDetector Load(ModelArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        artifact.EnsureModel(ArtifactModelType, LayoutVersion);
        return new MahalanobisDetector(artifact);
    }

    /// <summary>Reads a detector from an artifact file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ModelArtifactException">It is not a valid artifact of this model.</exception>
    public static async Task<MahalanobisDetector> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        Load(await ModelArtifact.LoadAsync(path, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    protected override void ScoreCore(FeatureMatrix rows, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int p = FeatureNames.Count;
        Span<double> z = p <= 128 ? stackalloc double[p] : new double[p];
        for (int r = 0; r < rows.RowCount; r++)
        {
            if (rows.HasMissing(r))
            {
                destination[r] = double.NaN;
                continue;
            }

            _standardizer.Apply(rows.GetRow(r), z);
            destination[r] = _model.SquaredDistance(z);
        }
    }

    /// <inheritdoc/>
    protected override ModelArtifact WriteArtifact(JsonObject parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters["support"] = Support;
        return new ModelArtifact(ArtifactModelType, LayoutVersion, parameters)
            .WithPayload("mean", (ReadOnlySpan<double>)_standardizer.Mean)
            .WithPayload("scale", (ReadOnlySpan<double>)_standardizer.Scale)
            .WithPayload("location", (ReadOnlySpan<double>)_model.Mean)
            .WithPayload("cholesky", (ReadOnlySpan<double>)_model.Cholesky);
    }
}
