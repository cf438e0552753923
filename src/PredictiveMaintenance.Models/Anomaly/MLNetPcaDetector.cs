using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>A fitted ML.NET randomized PCA anomaly model; the score of a row is ML.NET's <c>Score</c> column.</summary>
/// <remarks>The artifact holds the ML.NET model zip (normalizer and PCA) as the payload <c>mlnet-model.zip</c>.</remarks>
public sealed class MLNetPcaDetector : AnomalyDetector
{
    /// <summary>The artifact's model type.</summary>
    public const string ArtifactModelType = "mlnet-randomized-pca";

    private const int LayoutVersion = 1;
    private const string ModelPayload = "mlnet-model.zip";
    private readonly MLContext _context;
    private readonly ITransformer _model;

    internal MLNetPcaDetector(IReadOnlyList<string> featureNames, MLContext context, ITransformer model)
        : base(featureNames)
    {
        _context = context;
        _model = model;
    }

    private MLNetPcaDetector(ModelArtifact artifact)
        : base(artifact)
    {
        _context = new MLContext(0);
        try
        {
            using var stream = new MemoryStream(artifact.GetPayload(ModelPayload).ToArray(), writable: false);
            _model = _context.Model.Load(stream, out DataViewSchema schema);
            int columns = (schema.GetColumnOrNull(MLNetRows.FeaturesColumn)?.Type as VectorDataViewType)?.Size ?? -1;
            if (columns != FeatureNames.Count)
            {
                throw new ModelArtifactException($"The {ArtifactModelType} artifact's ML.NET model takes {columns} features; its parameters name {FeatureNames.Count}.");
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new ModelArtifactException($"The {ArtifactModelType} artifact's ML.NET model cannot be read: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public override string ModelType => ArtifactModelType;

    /// <summary>Reads a detector from an artifact.</summary>
    /// <param name="artifact">The artifact.</param>
    /// <exception cref="ModelArtifactException">It holds another model, a newer layout, or an unreadable ML.NET model.</exception>
    public static MLNetPcaDetector Load(ModelArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        artifact.EnsureModel(ArtifactModelType, LayoutVersion);
        return new MLNetPcaDetector(artifact);
    }

    /// <summary>Reads a detector from an artifact file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ModelArtifactException">It is not a valid artifact of this model.</exception>
    public static async Task<MLNetPcaDetector> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        Load(await ModelArtifact.LoadAsync(path, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    protected override void ScoreCore(FeatureMatrix rows, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var complete = new List<int>(rows.RowCount);
        for (int r = 0; r < rows.RowCount; r++)
        {
            if (rows.HasMissing(r))
            {
                destination[r] = double.NaN;
            }
            else
            {
                complete.Add(r);
            }
        }

        IDataView scored = _model.Transform(MLNetRows.ToDataView(_context, rows, complete));
        int i = 0;
        foreach (float score in scored.GetColumn<float>("Score"))
        {
            destination[complete[i++]] = score;
        }
    }

    /// <inheritdoc/>
    protected override ModelArtifact WriteArtifact(JsonObject parameters)
    {
        using var stream = new MemoryStream();
        _context.Model.Save(_model, MLNetRows.InputSchema(_context, FeatureNames.Count), stream);
        return new ModelArtifact(ArtifactModelType, LayoutVersion, parameters).WithPayload(ModelPayload, stream.ToArray());
    }
}
