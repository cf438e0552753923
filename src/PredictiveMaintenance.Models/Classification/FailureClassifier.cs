using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace PredictiveMaintenance.Models;

/// <summary>
/// Which component fails within a horizon, as one multi-class problem (no failure, or the failing component):
/// ML.NET's LightGBM multi-class trainer on the channels of a training table, such as the Joins package's training set
/// (telemetry, rolling features, and the maintenance, error, failure and machine joins, labelled <c>failure_class_{H}</c>).
/// </summary>
/// <remarks>
/// Trees need no scaling, so the channels are used as they are; NaN (a time since an event that never happened) is
/// LightGBM's missing value. Rows whose label is NaN are left out of training. LightGBM runs on one thread so that a
/// seed gives the same model on any machine. Failures are rare: down-sample the majority class of the training part
/// (the Joins package's <c>TrainingSet.DownSample</c>) or expect the model to predict "no failure" almost everywhere.
/// </remarks>
public static class FailureClassifier
{
    /// <summary>Trains a model.</summary>
    /// <param name="train">Rows with the feature channels and the <see cref="FailureClassifierOptions.LabelChannel"/>.</param>
    /// <param name="options">The options; defaults when null.</param>
    /// <exception cref="SchemaException">The label or a feature channel is missing, or the label is among the features.</exception>
    /// <exception cref="DataQualityException">A label is not a class number, or no row has a label.</exception>
    public static FailureClassificationModel Fit(TelemetryTable train, FailureClassifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new FailureClassifierOptions();
        options.Validate();
        string[] features = FeatureChannels(train.Schema, options.FeatureChannels, options.LabelChannel);
        ReadOnlySpan<double> labels = LabelColumn(train, options.LabelChannel, "training");
        string[] classes = options.ClassNames is { } names ? [.. names] : NumberedClasses(labels);
        int[] truth = ClassNumbers(train, labels, options.LabelChannel, classes.Length);
        float[] matrix = FailureClassificationModel.FeatureMatrix(train, features);
        int width = features.Length;

        var rows = new List<ClassRow>(train.RowCount);
        for (int r = 0; r < truth.Length; r++)
        {
            if (truth[r] >= 0)
            {
                rows.Add(new ClassRow { Features = matrix.AsSpan(r * width, width).ToArray(), Label = (uint)truth[r] });
            }
        }

        if (rows.Count == 0)
        {
            throw new DataQualityException($"No row of the training table has a class in '{options.LabelChannel}' (every label is NaN).");
        }

        var ml = new MLContext(options.Seed);
        IDataView data = ml.Data.LoadFromEnumerable(rows, ClassRow.Schema(width, classes.Length));
        ITransformer model = ml.MulticlassClassification.Trainers.LightGbm(
            LightGbmSetup.Configure(new LightGbmMulticlassTrainer.Options(), options.Iterations, options.Leaves, options.MinimumRowsPerLeaf, options.LearningRate, options.Seed)).Fit(data);
        return new FailureClassificationModel(ml, model, data.Schema, classes, features, options.LabelChannel, options.Seed);
    }

    internal static string[] FeatureChannels(TelemetrySchema schema, IReadOnlyList<string>? requested, string labelChannel)
    {
        string[] features = requested?.ToArray() ?? [.. schema.Channels.Where(c => c.Role != ChannelRole.Label).Select(c => c.Name)];
        if (features.Contains(labelChannel, StringComparer.Ordinal))
        {
            throw new SchemaException($"The label channel '{labelChannel}' cannot also be a feature.");
        }

        if (features.Length == 0)
        {
            throw new SchemaException("The table has no channel to use as a feature (every channel is a label).");
        }

        return features;
    }

    /// <summary>The label column, NaN where unknown.</summary>
    internal static ReadOnlySpan<double> LabelColumn(TelemetryTable table, string labelChannel, string tableName)
    {
        int index = table.Schema.IndexOf(labelChannel);
        if (index < 0)
        {
            throw new SchemaException($"The {tableName} table has no label channel '{labelChannel}'; its channels are {string.Join(", ", table.Schema.Channels.Select(c => c.Name))}.");
        }

        return table.GetChannel(index);
    }

    /// <summary>Each row's class number, -1 where the label is NaN.</summary>
    internal static int[] ClassNumbers(TelemetryTable table, ReadOnlySpan<double> labels, string labelChannel, int classCount)
    {
        int[] classes = new int[labels.Length];
        for (int r = 0; r < labels.Length; r++)
        {
            double label = labels[r];
            if (double.IsNaN(label))
            {
                classes[r] = -1;
            }
            else if (label >= 0 && label < classCount && label == Math.Floor(label))
            {
                classes[r] = (int)label;
            }
            else
            {
                string asset = table.AssetIds[table.GetAssetCodeOfRow(r)];
                throw new DataQualityException(string.Create(CultureInfo.InvariantCulture, $"Asset {asset} at {table.Schema.FormatTime(table.Times[r])} has {label} in '{labelChannel}'; classes are 0 to {classCount - 1}."));
            }
        }

        return classes;
    }

    private static string[] NumberedClasses(ReadOnlySpan<double> labels)
    {
        double max = 0;
        foreach (double label in labels)
        {
            if (label > max && label < int.MaxValue)
            {
                max = label;
            }
        }

        return [.. Enumerable.Range(0, Math.Max(2, (int)max + 1)).Select(c => c.ToString(CultureInfo.InvariantCulture))];
    }
}

/// <summary>One training or scoring row of a classifier as ML.NET sees it: the label is the class number, typed as a key of the class count (multi-class trainers need a key), which LightGBM reads as class numbers from 0.</summary>
internal sealed class ClassRow
{
    public float[] Features { get; set; } = [];

    public uint Label { get; set; }

    public static SchemaDefinition Schema(int width, int classCount)
    {
        SchemaDefinition schema = MLNetModelPayload.Schema<ClassRow>(width);
        schema[nameof(Label)].ColumnType = new KeyDataViewType(typeof(uint), classCount);
        return schema;
    }
}
