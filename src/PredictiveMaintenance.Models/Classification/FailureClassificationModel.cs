using System.Collections.ObjectModel;
using System.Text.Json.Nodes;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace PredictiveMaintenance.Models;

/// <summary>A trained <see cref="FailureClassifier"/>: the classes, the feature channels and the ML.NET model.</summary>
/// <remarks>Thread-safe for prediction (each call builds its own ML.NET data view).</remarks>
public sealed class FailureClassificationModel
{
    /// <summary>The <see cref="ModelArtifact.ModelType"/> of saved models.</summary>
    public const string ModelType = "failure-classifier";

    private const int LayoutVersion = 1;
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly DataViewSchema _inputSchema;
    private readonly int _seed;

    internal FailureClassificationModel(MLContext ml, ITransformer model, DataViewSchema inputSchema, string[] classes, string[] featureChannels, string labelChannel, int seed)
    {
        _ml = ml;
        _model = model;
        _inputSchema = inputSchema;
        _seed = seed;
        Classes = new ReadOnlyCollection<string>(classes);
        FeatureChannels = new ReadOnlyCollection<string>(featureChannels);
        LabelChannel = labelChannel;
    }

    /// <summary>The class names, by class number (0 is no failure).</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The channels the model reads, in order.</summary>
    public IReadOnlyList<string> FeatureChannels { get; }

    /// <summary>The label channel the model was trained on, which <see cref="Evaluate"/> reads.</summary>
    public string LabelChannel { get; }

    /// <summary>Each row's probability of each class.</summary>
    /// <param name="table">Rows with the model's feature channels.</param>
    /// <returns>Row-major, <see cref="Classes"/>.Count values per row in table order; each row sums to 1.</returns>
    /// <exception cref="SchemaException">A feature channel is missing.</exception>
    public double[] PredictProbabilities(TelemetryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        int width = FeatureChannels.Count;
        int k = Classes.Count;
        float[] matrix = FeatureMatrix(table, FeatureChannels);
        ClassRow[] input = new ClassRow[table.RowCount];
        for (int r = 0; r < input.Length; r++)
        {
            input[r] = new ClassRow { Features = matrix.AsSpan(r * width, width).ToArray() };
        }

        IDataView scored = _model.Transform(_ml.Data.LoadFromEnumerable(input, ClassRow.Schema(width, k)));
        double[] probabilities = new double[table.RowCount * k];
        int row = 0;
        foreach (float[] scores in scored.GetColumn<float[]>("Score"))
        {
            // LightGBM sizes its output by the largest class seen in training, so classes above it get no slot: probability 0.
            for (int c = 0; c < Math.Min(k, scores.Length); c++)
            {
                probabilities[(row * k) + c] = scores[c];
            }

            row++;
        }

        return probabilities;
    }

    /// <summary>Each row's most probable class (the lower class number on a tie).</summary>
    /// <param name="table">Rows with the model's feature channels.</param>
    /// <returns>One class number per row, in table order.</returns>
    /// <exception cref="SchemaException">A feature channel is missing.</exception>
    public int[] PredictRows(TelemetryTable table)
    {
        double[] probabilities = PredictProbabilities(table);
        int k = Classes.Count;
        int[] predicted = new int[table.RowCount];
        for (int r = 0; r < predicted.Length; r++)
        {
            ReadOnlySpan<double> row = probabilities.AsSpan(r * k, k);
            int best = 0;
            for (int c = 1; c < k; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            predicted[r] = best;
        }

        return predicted;
    }

    /// <summary>Scores the rows that have a class in <see cref="LabelChannel"/> against it.</summary>
    /// <param name="test">Rows with the feature channels and the label channel.</param>
    /// <exception cref="SchemaException">The label or a feature channel is missing.</exception>
    /// <exception cref="DataQualityException">A label is not a class number, or no row has a label.</exception>
    public ClassificationEvaluation Evaluate(TelemetryTable test)
    {
        ArgumentNullException.ThrowIfNull(test);
        int[] truth = FailureClassifier.ClassNumbers(test, FailureClassifier.LabelColumn(test, LabelChannel, "test"), LabelChannel, Classes.Count);
        int[] predicted = PredictRows(test);
        int[] labelled = [.. Enumerable.Range(0, truth.Length).Where(r => truth[r] >= 0)];
        if (labelled.Length == 0)
        {
            throw new DataQualityException($"No row of the test table has a class in '{LabelChannel}' (every label is NaN).");
        }

        return ClassificationEvaluation.Evaluate(
            labelled.Select(r => predicted[r]).ToArray(),
            labelled.Select(r => truth[r]).ToArray(),
            Classes);
    }

    /// <summary>The model as an artifact: the ML.NET model, the classes, the feature and label channels.</summary>
    public ModelArtifact ToArtifact()
    {
        var parameters = new JsonObject
        {
            ["classes"] = new JsonArray([.. Classes.Select(c => JsonValue.Create(c))]),
            ["featureChannels"] = new JsonArray([.. FeatureChannels.Select(c => JsonValue.Create(c))]),
            ["labelChannel"] = LabelChannel,
            ["seed"] = _seed,
        };
        return new ModelArtifact(ModelType, LayoutVersion, parameters).WithPayload(MLNetModelPayload.Name, MLNetModelPayload.Save(_ml, _model, _inputSchema));
    }

    /// <summary>Rebuilds a model from an artifact.</summary>
    /// <param name="artifact">An artifact written by <see cref="ToArtifact"/>.</param>
    /// <param name="source">Its name, for messages.</param>
    /// <exception cref="ModelArtifactException">It holds another model, a newer layout, or parts that do not fit together.</exception>
    public static FailureClassificationModel FromArtifact(ModelArtifact artifact, string source)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentException.ThrowIfNullOrEmpty(source);
        artifact.EnsureModel(ModelType, LayoutVersion);
        JsonObject p = artifact.Parameters;
        string[] classes = ArtifactParameters.GetStrings(p, "classes", source);
        if (classes.Length < 2)
        {
            throw new ModelArtifactException($"{source}: a classifier needs at least 2 classes, the artifact names {classes.Length}.");
        }

        string[] features = ArtifactParameters.GetStrings(p, "featureChannels", source);
        string label = ArtifactParameters.GetString(p, "labelChannel", source);
        int seed = ArtifactParameters.GetInt32(p, "seed", source);
        var ml = new MLContext(seed);
        (ITransformer model, DataViewSchema schema) = MLNetModelPayload.Load(ml, artifact, features.Length, $"the artifact lists {features.Length} feature channels", source);
        return new FailureClassificationModel(ml, model, schema, classes, features, label, seed);
    }

    /// <summary>Saves the model to an artifact file.</summary>
    /// <param name="path">The file, replaced if present.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default) => ToArtifact().SaveAsync(path, cancellationToken);

    /// <summary>Loads a model from an artifact file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ModelArtifactException">The file is not a valid artifact of this model.</exception>
    public static async Task<FailureClassificationModel> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ModelArtifact artifact = await ModelArtifact.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        return FromArtifact(artifact, path);
    }

    /// <summary>The named channels, row-major in single precision, as ML.NET reads them.</summary>
    internal static float[] FeatureMatrix(TelemetryTable table, IReadOnlyList<string> channels)
    {
        int width = channels.Count;
        float[] matrix = new float[table.RowCount * width];
        for (int c = 0; c < width; c++)
        {
            int index = table.Schema.IndexOf(channels[c]);
            if (index < 0)
            {
                throw new SchemaException($"The table has no channel '{channels[c]}'; it has {string.Join(", ", table.Schema.Channels.Select(ch => ch.Name))}.");
            }

            ReadOnlySpan<double> column = table.GetChannel(index);
            for (int r = 0, i = c; r < column.Length; r++, i += width)
            {
                matrix[i] = (float)column[r];
            }
        }

        return matrix;
    }
}
