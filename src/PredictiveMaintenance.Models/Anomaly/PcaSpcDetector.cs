using System.Text.Json.Nodes;

namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>
/// Fitted PCA process control. <see cref="AnomalyDetector.Score(FeatureMatrix)"/> gives <c>max(T² / T²limit, Q / Qlimit)</c>;
/// <see cref="Statistics"/> gives T² and Q themselves.
/// </summary>
public sealed class PcaSpcDetector : AnomalyDetector
{
    /// <summary>The artifact's model type.</summary>
    public const string ArtifactModelType = "pca-spc";

    private const int LayoutVersion = 1;
    private readonly Standardizer _standardizer;
    private readonly double[] _loadings;
    private readonly double[] _eigenvalues;

    internal PcaSpcDetector(IReadOnlyList<string> featureNames, Standardizer standardizer, double[] loadings, double[] eigenvalues, double t2Limit, double qLimit)
        : base(featureNames)
    {
        _standardizer = standardizer;
        _loadings = loadings;
        _eigenvalues = eigenvalues;
        T2Limit = t2Limit;
        QLimit = qLimit;
    }

    private PcaSpcDetector(ModelArtifact artifact)
        : base(artifact)
    {
        int p = FeatureNames.Count;
        double[] mean = artifact.GetDoubles("mean"), scale = artifact.GetDoubles("scale");
        _eigenvalues = artifact.GetDoubles("eigenvalues");
        _loadings = artifact.GetDoubles("loadings");
        int k = _eigenvalues.Length;
        if (mean.Length != p || scale.Length != p || k < 1 || k > p || _loadings.Length != p * k)
        {
            throw new ModelArtifactException($"The {ArtifactModelType} artifact is inconsistent: {p} features, {mean.Length} means, {scale.Length} scales, {k} components, {_loadings.Length} loadings.");
        }

        _standardizer = new Standardizer(mean, scale);
        JsonObject parameters = artifact.Parameters;
        T2Limit = ReadDouble(artifact, parameters, "t2Limit");
        QLimit = ReadDouble(artifact, parameters, "qLimit");
    }

    /// <inheritdoc/>
    public override string ModelType => ArtifactModelType;

    /// <summary>Principal components kept.</summary>
    public int Components => _eigenvalues.Length;

    /// <summary>The control limit of Hotelling's T².</summary>
    public double T2Limit { get; }

    /// <summary>The control limit of Q; 0 when every component is kept (Q is then always 0 and is not used).</summary>
    public double QLimit { get; }

    /// <summary>Reads a detector from an artifact.</summary>
    /// <param name="artifact">The artifact.</param>
    /// <exception cref="ModelArtifactException">It holds another model, a newer layout, or inconsistent arrays.</exception>
    public static PcaSpcDetector Load(ModelArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        artifact.EnsureModel(ArtifactModelType, LayoutVersion);
        return new PcaSpcDetector(artifact);
    }

    /// <summary>Reads a detector from an artifact file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ModelArtifactException">It is not a valid artifact of this model.</exception>
    public static async Task<PcaSpcDetector> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        Load(await ModelArtifact.LoadAsync(path, cancellationToken).ConfigureAwait(false));

    /// <summary>Hotelling's T² and Q of each row; NaN for a row with a missing value.</summary>
    /// <param name="rows">The rows.</param>
    /// <returns>The two statistics, one value per row each.</returns>
    public (double[] T2, double[] Q) Statistics(FeatureMatrix rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.ColumnCount != FeatureNames.Count)
        {
            // Score checks and words the mismatch the same way for every detector.
            Score(rows);
        }

        double[] t2 = new double[rows.RowCount], q = new double[rows.RowCount];
        Compute(rows, t2, q);
        return (t2, q);
    }

    /// <inheritdoc/>
    protected override void ScoreCore(FeatureMatrix rows, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(rows);
        double[] t2 = new double[rows.RowCount], q = new double[rows.RowCount];
        Compute(rows, t2, q);
        for (int i = 0; i < t2.Length; i++)
        {
            double qIndex = QLimit > 0 ? q[i] / QLimit : 0;
            destination[i] = double.IsNaN(t2[i]) ? double.NaN : Math.Max(t2[i] / T2Limit, qIndex);
        }
    }

    /// <inheritdoc/>
    protected override ModelArtifact WriteArtifact(JsonObject parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters["t2Limit"] = ToJson(T2Limit);
        parameters["qLimit"] = ToJson(QLimit);
        return new ModelArtifact(ArtifactModelType, LayoutVersion, parameters)
            .WithPayload("mean", (ReadOnlySpan<double>)_standardizer.Mean)
            .WithPayload("scale", (ReadOnlySpan<double>)_standardizer.Scale)
            .WithPayload("loadings", (ReadOnlySpan<double>)_loadings)
            .WithPayload("eigenvalues", (ReadOnlySpan<double>)_eigenvalues);
    }

    private void Compute(FeatureMatrix rows, Span<double> t2, Span<double> q)
    {
        int p = FeatureNames.Count, k = _eigenvalues.Length;
        Span<double> z = p <= 128 ? stackalloc double[p] : new double[p];
        Span<double> scores = k <= 128 ? stackalloc double[k] : new double[k];
        for (int r = 0; r < rows.RowCount; r++)
        {
            if (rows.HasMissing(r))
            {
                t2[r] = q[r] = double.NaN;
                continue;
            }

            _standardizer.Apply(rows.GetRow(r), z);
            scores.Clear();
            double norm = 0;
            for (int j = 0; j < p; j++)
            {
                norm += z[j] * z[j];
                for (int c = 0; c < k; c++)
                {
                    scores[c] += z[j] * _loadings[(j * k) + c];
                }
            }

            double t = 0, explained = 0;
            for (int c = 0; c < k; c++)
            {
                explained += scores[c] * scores[c];
                // A component without variance in training cannot be exceeded normally; it contributes nothing rather than dividing by 0.
                t += _eigenvalues[c] > 0 ? scores[c] * scores[c] / _eigenvalues[c] : 0;
            }

            t2[r] = t;
            // The residual's squared norm: |z|² - |projection|², since the loadings are orthonormal.
            q[r] = Math.Max(norm - explained, 0);
        }
    }
}
