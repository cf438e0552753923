using Microsoft.ML;
using Microsoft.ML.Data;

namespace PredictiveMaintenance.Models;

/// <summary>
/// The ML.NET plumbing the gradient-boosting models share: rows of a fixed-width <c>Features</c> vector, and the
/// ML.NET model as an artifact payload that is checked against the width the artifact's parameters promise.
/// </summary>
internal static class MLNetModelPayload
{
    public const string Name = "mlnet-model.zip";

    public const string FeaturesColumn = "Features";

    /// <summary>The schema of <typeparamref name="TRow"/> with its <c>Features</c> vector fixed at <paramref name="width"/>.</summary>
    public static SchemaDefinition Schema<TRow>(int width)
    {
        SchemaDefinition schema = SchemaDefinition.Create(typeof(TRow));
        schema[FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    public static byte[] Save(MLContext ml, ITransformer model, DataViewSchema inputSchema)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, inputSchema, stream);
        return stream.ToArray();
    }

    /// <summary>Loads the payload of <paramref name="artifact"/>, refusing a model that reads another number of features.</summary>
    /// <param name="ml">The context to load into.</param>
    /// <param name="artifact">The artifact.</param>
    /// <param name="width">The number of features the artifact's parameters give.</param>
    /// <param name="widthClaim">What gives that number, for the message ("the specification gives 6 features").</param>
    /// <param name="source">The artifact's name, for messages.</param>
    public static (ITransformer Model, DataViewSchema InputSchema) Load(MLContext ml, ModelArtifact artifact, int width, string widthClaim, string source)
    {
        ITransformer model;
        DataViewSchema schema;
        try
        {
            using var stream = new MemoryStream(artifact.GetPayload(Name).ToArray());
            model = ml.Model.Load(stream, out schema);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or InvalidDataException or ArgumentException)
        {
            throw new ModelArtifactException($"{source}: the ML.NET model cannot be loaded: {e.Message}", e);
        }

        if (schema.GetColumnOrNull(FeaturesColumn)?.Type is not VectorDataViewType { Size: var size } || size != width)
        {
            throw new ModelArtifactException($"{source}: the ML.NET model reads {schema.GetColumnOrNull(FeaturesColumn)?.Type.ToString() ?? "no Features column"}, but {widthClaim}.");
        }

        return (model, schema);
    }
}

/// <summary>One training or scoring row of a regressor as ML.NET sees it.</summary>
internal sealed class FeatureRow
{
    public float[] Features { get; set; } = [];

    public float Label { get; set; }
}
