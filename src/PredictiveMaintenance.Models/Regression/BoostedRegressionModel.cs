using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;

using PredictiveMaintenance.Features;

namespace PredictiveMaintenance.Models;

/// <summary>A trained <see cref="BoostedRegressor"/>: normalization, feature specification and the ML.NET model.</summary>
/// <remarks>Thread-safe for prediction (each call builds its own ML.NET data view).</remarks>
public sealed class BoostedRegressionModel
{
    /// <summary>The <see cref="ModelArtifact.ModelType"/> of saved models.</summary>
    public const string ModelType = "boosted-regressor";

    private const int LayoutVersion = 1;
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly DataViewSchema _inputSchema;
    private readonly FeatureComputer _features;
    private readonly TimeKind _timeKind;
    private readonly string? _labelChannel;
    private readonly int _seed;

    internal BoostedRegressionModel(MLContext ml, ITransformer model, DataViewSchema inputSchema, ChannelNormalizer normalizer, FeatureComputer features, BoostingAlgorithm algorithm, double cap, string? labelChannel, TimeKind timeKind, int seed)
    {
        _ml = ml;
        _model = model;
        _inputSchema = inputSchema;
        _features = features;
        _timeKind = timeKind;
        _labelChannel = labelChannel;
        _seed = seed;
        Normalizer = normalizer;
        Algorithm = algorithm;
        RemainingLifeCap = cap;
    }

    /// <summary>The boosting library.</summary>
    public BoostingAlgorithm Algorithm { get; }

    /// <summary>The target's cap.</summary>
    public double RemainingLifeCap { get; }

    /// <summary>The normalization fitted on the training data.</summary>
    public ChannelNormalizer Normalizer { get; }

    /// <summary>The feature specification, over the normalized channels.</summary>
    public FeatureSpec Features => _features.Spec;

    /// <summary>Predicts the time until service after each asset's last row.</summary>
    /// <param name="table">Telemetry with the model's channels and settings.</param>
    /// <returns>One prediction per asset, in the order of <see cref="TelemetryTable.AssetIds"/>.</returns>
    public double[] PredictLast(TelemetryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        int[] rows = new int[table.AssetCount];
        for (int asset = 0; asset < rows.Length; asset++)
        {
            rows[asset] = table.AssetOffsets[asset + 1] - 1;
        }

        return Predict(table, rows);
    }

    /// <summary>Predicts the time until service at every row.</summary>
    /// <param name="table">Telemetry with the model's channels and settings.</param>
    /// <returns>One prediction per row, in table order.</returns>
    public double[] PredictRows(TelemetryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Predict(table, [.. Enumerable.Range(0, table.RowCount)]);
    }

    /// <summary>The model as an artifact: the ML.NET model, the feature specification, the normalization and the cap.</summary>
    public ModelArtifact ToArtifact()
    {
        var parameters = new JsonObject
        {
            ["algorithm"] = Algorithm.ToString(),
            ["features"] = Features.ToString(),
            ["remainingLifeCap"] = RemainingLifeCap,
            ["labelChannel"] = _labelChannel,
            ["timeKind"] = _timeKind.ToString(),
            ["seed"] = _seed,
            ["normalization"] = Normalizer.ToJson(),
        };
        return new ModelArtifact(ModelType, LayoutVersion, parameters).WithPayload(MLNetModelPayload.Name, MLNetModelPayload.Save(_ml, _model, _inputSchema));
    }

    /// <summary>Rebuilds a model from an artifact.</summary>
    /// <param name="artifact">An artifact written by <see cref="ToArtifact"/>.</param>
    /// <param name="source">Its name, for messages.</param>
    /// <exception cref="ModelArtifactException">It holds another model, a newer layout, or parts that do not fit together.</exception>
    public static BoostedRegressionModel FromArtifact(ModelArtifact artifact, string source)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentException.ThrowIfNullOrEmpty(source);
        artifact.EnsureModel(ModelType, LayoutVersion);
        JsonObject p = artifact.Parameters;
        if (!Enum.TryParse(ArtifactParameters.GetString(p, "algorithm", source), out BoostingAlgorithm algorithm) || !Enum.IsDefined(algorithm))
        {
            throw new ModelArtifactException($"{source}: unknown boosting algorithm '{p["algorithm"]}'.");
        }

        if (!Enum.TryParse(ArtifactParameters.GetString(p, "timeKind", source), out TimeKind timeKind))
        {
            throw new ModelArtifactException($"{source}: unknown time kind '{p["timeKind"]}'.");
        }

        ChannelNormalizer normalizer = ChannelNormalizer.FromJson(ArtifactParameters.GetObject(p, "normalization", source), source);
        FeatureSpec spec;
        try
        {
            spec = FeatureSpec.Parse(ArtifactParameters.GetString(p, "features", source));
        }
        catch (FeatureSpecException e)
        {
            throw new ModelArtifactException($"{source}: the feature specification does not parse: {e.Message}", e);
        }

        string[] unknown = [.. spec.InputChannels.Where(c => !normalizer.Channels.Contains(c, StringComparer.Ordinal))];
        if (unknown.Length > 0)
        {
            throw new ModelArtifactException($"{source}: the features read {string.Join(", ", unknown)}, which the normalization does not produce ({string.Join(", ", normalizer.Channels)}).");
        }

        var ml = new MLContext(ArtifactParameters.GetInt32(p, "seed", source));
        (ITransformer model, DataViewSchema schema) = MLNetModelPayload.Load(ml, artifact, spec.OutputNames.Count, $"the specification gives {spec.OutputNames.Count} features", source);
        string? label = p["labelChannel"] is null ? null : ArtifactParameters.GetString(p, "labelChannel", source);
        return new BoostedRegressionModel(ml, model, schema, normalizer, new FeatureComputer(spec), algorithm, ArtifactParameters.GetDouble(p, "remainingLifeCap", source), label, timeKind, ArtifactParameters.GetInt32(p, "seed", source));
    }

    /// <summary>Saves the model to an artifact file.</summary>
    /// <param name="path">The file, replaced if present.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default) => ToArtifact().SaveAsync(path, cancellationToken);

    /// <summary>Loads a model from an artifact file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ModelArtifactException">The file is not a valid artifact of this model.</exception>
    public static async Task<BoostedRegressionModel> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ModelArtifact artifact = await ModelArtifact.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        return FromArtifact(artifact, path);
    }

    /// <summary>The normalized channels as a table, then its features, row-major.</summary>
    internal static float[] FeatureMatrix(TelemetryTable table, ChannelNormalizer normalizer, FeatureComputer computer, out int width)
    {
        float[] normalized = normalizer.Transform(table);
        int channels = normalizer.Channels.Count;
        var schema = new TelemetrySchema(table.Schema.AssetColumn, table.Schema.TimeColumn, table.Schema.TimeKind, normalizer.Channels.Select(c => new ChannelDefinition(c)));
        var builder = new TelemetryTableBuilder(schema, table.RowCount);
        double[] row = new double[channels];
        ReadOnlySpan<long> times = table.Times;
        for (int asset = 0; asset < table.AssetCount; asset++)
        {
            int code = builder.GetOrAddAsset(table.AssetIds[asset]);
            for (int r = table.AssetOffsets[asset]; r < table.AssetOffsets[asset + 1]; r++)
            {
                for (int c = 0; c < channels; c++)
                {
                    row[c] = normalized[(r * channels) + c];
                }

                builder.Add(code, times[r], row);
            }
        }

        TelemetryTable features = computer.Compute(builder.Build());
        width = features.Schema.Channels.Count;
        float[] matrix = new float[table.RowCount * width];
        for (int f = 0; f < width; f++)
        {
            ReadOnlySpan<double> column = features.GetChannel(f);
            for (int r = 0; r < column.Length; r++)
            {
                matrix[(r * width) + f] = (float)column[r];
            }
        }

        return matrix;
    }

    private double[] Predict(TelemetryTable table, int[] rows)
    {
        if (_timeKind != table.Schema.TimeKind)
        {
            throw new SchemaException($"The model was trained on {_timeKind} time but the table has {table.Schema.TimeKind} time.");
        }

        float[] matrix = FeatureMatrix(table, Normalizer, _features, out int width);
        FeatureRow[] input = [.. rows.Select(r => new FeatureRow { Features = matrix.AsSpan(r * width, width).ToArray() })];
        IDataView scored = _model.Transform(_ml.Data.LoadFromEnumerable(input, MLNetModelPayload.Schema<FeatureRow>(width)));
        return [.. scored.GetColumn<float>("Score").Select(s => Math.Clamp(s, 0, RemainingLifeCap))];
    }
}
