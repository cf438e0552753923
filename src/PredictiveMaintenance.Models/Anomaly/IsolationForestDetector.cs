using System.Buffers.Binary;
using System.Text.Json.Nodes;

namespace PredictiveMaintenance.Models.Anomaly;

/// <summary>
/// A fitted isolation forest. The score of a row is scikit-learn's <c>-score_samples</c>:
/// <c>2^(-E[h(x)] / c(ψ))</c>, where <c>h(x)</c> is the row's path length in a tree (plus <c>c(rows in its leaf)</c>),
/// <c>E</c> the mean over the trees and <c>c(ψ)</c> the average path length for the sample size ψ. Scores are in (0, 1];
/// near 1 is anomalous, below 0.5 normal.
/// </summary>
/// <remarks>Scoring walks blocks of rows through each tree with branch-free steps, in parallel across blocks.</remarks>
public sealed class IsolationForestDetector : AnomalyDetector
{
    /// <summary>The artifact's model type.</summary>
    public const string ArtifactModelType = "isolation-forest";

    private const int LayoutVersion = 1;
    private readonly IsolationForest _forest;
    private readonly int _maxDegreeOfParallelism;

    internal IsolationForestDetector(IReadOnlyList<string> featureNames, IsolationForest forest, int seed, int maxDegreeOfParallelism)
        : base(featureNames)
    {
        _forest = forest;
        Seed = seed;
        _maxDegreeOfParallelism = maxDegreeOfParallelism;
    }

    private IsolationForestDetector(ModelArtifact artifact)
        : base(artifact)
    {
        JsonObject parameters = artifact.Parameters;
        Seed = ReadInt(artifact, parameters, "seed");
        int sampleSize = ReadInt(artifact, parameters, "sampleSize");
        int depth = ReadInt(artifact, parameters, "depth");
        int[] roots = ReadInts(artifact, "roots");
        double[] thresholds = artifact.GetDoubles("thresholds");
        int[] features = ReadInts(artifact, "features");
        int[] lefts = ReadInts(artifact, "children");
        double[] lengths = artifact.GetDoubles("path-lengths");
        int count = thresholds.Length;
        if (sampleSize < 2 || depth != (int)Math.Ceiling(Math.Log2(sampleSize)) || roots.Length < 2 || roots[0] != 0 || roots[^1] != count
            || features.Length != count || lefts.Length != count || lengths.Length != count)
        {
            throw new ModelArtifactException($"The {ArtifactModelType} artifact is inconsistent: sample size {sampleSize}, depth {depth}, {roots.Length - 1} trees, {count} thresholds, {features.Length} features, {lefts.Length} children, {lengths.Length} path lengths.");
        }

        var nodes = new IsolationNode[count];
        for (int i = 0; i < count; i++)
        {
            nodes[i] = new IsolationNode { Threshold = thresholds[i], Feature = features[i], Left = lefts[i] };
        }

        ValidateTrees(nodes, roots, depth, FeatureNames.Count);
        _forest = new IsolationForest(nodes, lengths, roots, sampleSize, depth);
        _maxDegreeOfParallelism = -1;
    }

    /// <inheritdoc/>
    public override string ModelType => ArtifactModelType;

    /// <summary>Trees in the forest.</summary>
    public int TreeCount => _forest.TreeCount;

    /// <summary>Rows each tree was grown on (ψ): the options' <c>MaxSamples</c>, or the training rows if fewer.</summary>
    public int SampleSize => _forest.SampleSize;

    /// <summary>The seed the forest was grown with.</summary>
    public int Seed { get; }

    /// <summary>Reads a detector from an artifact.</summary>
    /// <param name="artifact">The artifact.</param>
    /// <exception cref="ModelArtifactException">It holds another model, a newer layout, or an inconsistent forest.</exception>
    public static IsolationForestDetector Load(ModelArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        artifact.EnsureModel(ArtifactModelType, LayoutVersion);
        return new IsolationForestDetector(artifact);
    }

    /// <summary>Reads a detector from an artifact file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ModelArtifactException">It is not a valid artifact of this model.</exception>
    public static async Task<IsolationForestDetector> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        Load(await ModelArtifact.LoadAsync(path, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    protected override void ScoreCore(FeatureMatrix rows, Span<double> destination) => _forest.Score(rows, destination, _maxDegreeOfParallelism);

    /// <inheritdoc/>
    protected override void ScoreRowsCore(ReadOnlySpan<double> rows, Span<double> destination) => _forest.Score(rows, FeatureNames.Count, destination);

    /// <inheritdoc/>
    protected override ModelArtifact WriteArtifact(JsonObject parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters["seed"] = Seed;
        parameters["sampleSize"] = SampleSize;
        parameters["depth"] = _forest.Depth;
        IsolationNode[] nodes = _forest.Nodes;
        return new ModelArtifact(ArtifactModelType, LayoutVersion, parameters)
            .WithPayload("roots", IntBytes(_forest.Roots))
            .WithPayload("thresholds", (ReadOnlySpan<double>)[.. nodes.Select(n => n.Threshold)])
            .WithPayload("features", IntBytes([.. nodes.Select(n => n.Feature)]))
            .WithPayload("children", IntBytes([.. nodes.Select(n => n.Left)]))
            .WithPayload("path-lengths", (ReadOnlySpan<double>)_forest.PathLengths);
    }

    private static ReadOnlySpan<byte> IntBytes(int[] values)
    {
        byte[] bytes = new byte[values.Length * sizeof(int)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * sizeof(int)), values[i]);
        }

        return bytes;
    }

    private static int[] ReadInts(ModelArtifact artifact, string name)
    {
        ReadOnlySpan<byte> bytes = artifact.GetPayload(name).Span;
        if (bytes.Length % sizeof(int) != 0)
        {
            throw new ModelArtifactException($"Payload '{name}' of the {ArtifactModelType} artifact has {bytes.Length} bytes, not a whole number of 32-bit integers.");
        }

        int[] values = new int[bytes.Length / sizeof(int)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(i * sizeof(int)));
        }

        return values;
    }

    // The walk reads nodes without bounds checks, so a loaded forest must be a forest: children inside their tree and
    // after their parent, features in range, and every leaf within the depth limit.
    private static void ValidateTrees(IsolationNode[] nodes, int[] roots, int depthLimit, int featureCount)
    {
        int[] depths = new int[nodes.Length];
        for (int t = 0; t + 1 < roots.Length; t++)
        {
            int start = roots[t], end = roots[t + 1];
            if (end <= start)
            {
                throw new ModelArtifactException($"The {ArtifactModelType} artifact's tree {t} has no node.");
            }

            for (int i = start; i < end; i++)
            {
                IsolationNode node = nodes[i];
                bool leaf = double.IsPositiveInfinity(node.Threshold);
                bool valid = leaf
                    ? node.Left == i && node.Feature == 0
                    : node.Left > i && node.Left + 1 < end && node.Feature >= 0 && node.Feature < featureCount && !double.IsNaN(node.Threshold)
                        && depths[i] < depthLimit;
                if (!valid)
                {
                    throw new ModelArtifactException($"The {ArtifactModelType} artifact's node {i - start} of tree {t} is invalid (feature {node.Feature}, child {node.Left - start}, depth {depths[i]} of at most {depthLimit}).");
                }

                if (!leaf)
                {
                    depths[node.Left] = depths[node.Left + 1] = depths[i] + 1;
                }
            }
        }
    }
}
