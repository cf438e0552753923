using System.Text.Json.Nodes;
using PredictiveMaintenance.Models.Anomaly;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PredictiveMaintenance.Models.Torch;

/// <summary>
/// A fitted TorchSharp autoencoder: the score of a row is the mean squared reconstruction error of the standardized
/// window of <see cref="WindowLength"/> rows ending at it (higher is more anomalous).
/// </summary>
/// <remarks>
/// Windows stay within a segment (an asset of a table), so the first <c>WindowLength - 1</c> rows of each segment score
/// NaN, as does a row whose window holds a missing value; neither raises an alarm. Scoring runs on the CPU, one call at a time per
/// detector (copies made by <c>WithThreshold</c> or <c>WithSmoothing</c> share the network); the network's native
/// memory is released when the detector and its copies are collected.
/// </remarks>
public sealed class AutoencoderDetector : AnomalyDetector
{
    /// <summary>The artifact's model type.</summary>
    public const string ArtifactModelType = "torch-autoencoder";

    private const int LayoutVersion = 1;
    private const string WeightsPayload = "weights.bin";
    private const int ScoringBatch = 512;
    private readonly Module<Tensor, Tensor> _network;
    private readonly AutoencoderShape _shape;
    private readonly double[] _mean;
    private readonly double[] _scale;
    private readonly Lock _gate = new();

    internal AutoencoderDetector(IReadOnlyList<string> featureNames, Module<Tensor, Tensor> network, AutoencoderShape shape, double[] mean, double[] scale, int seed)
        : base(featureNames)
    {
        _network = network;
        _shape = shape;
        _mean = mean;
        _scale = scale;
        Seed = seed;
    }

    private AutoencoderDetector(ModelArtifact artifact)
        : base(artifact)
    {
        JsonObject p = artifact.Parameters;
        string source = $"The {ArtifactModelType} artifact";
        if (!Enum.TryParse(ArtifactParameters.GetString(p, "architecture", source), out AutoencoderArchitecture architecture) || !Enum.IsDefined(architecture))
        {
            throw new ModelArtifactException($"{source} names an unknown architecture '{p["architecture"]}'; this package knows {string.Join(", ", Enum.GetNames<AutoencoderArchitecture>())}.");
        }

        _shape = new AutoencoderShape(
            architecture,
            FeatureNames.Count,
            ReadInt(artifact, p, "windowLength"),
            ReadInt(artifact, p, "hiddenSize"),
            ReadInt(artifact, p, "latentSize"),
            ReadInt(artifact, p, "kernelSize"));
        if (_shape.WindowLength < 2 || _shape.HiddenSize < 1 || _shape.LatentSize < 1 || _shape.KernelSize < 1)
        {
            throw new ModelArtifactException($"{source} has an invalid network shape: window {_shape.WindowLength}, {_shape.HiddenSize} hidden, {_shape.LatentSize} latent, kernel {_shape.KernelSize}.");
        }

        _mean = artifact.GetDoubles("mean");
        _scale = artifact.GetDoubles("scale");
        if (_mean.Length != FeatureNames.Count || _scale.Length != FeatureNames.Count || _scale.Any(s => !(s > 0)))
        {
            throw new ModelArtifactException($"{source} is inconsistent: {FeatureNames.Count} features, {_mean.Length} means and {_scale.Length} scales (positive) expected to match.");
        }

        Seed = ReadInt(artifact, p, "seed");
        _network = AutoencoderNetworks.Create(_shape);
        try
        {
            using var weights = new MemoryStream(artifact.GetPayload(WeightsPayload).ToArray());
            _network.load(weights, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or EndOfStreamException or FormatException)
        {
            _network.Dispose();
            throw new ModelArtifactException($"{source}: the weights do not fit a {architecture} autoencoder of {FeatureNames.Count} features, window {_shape.WindowLength}, {_shape.HiddenSize} hidden and {_shape.LatentSize} latent units: {e.Message}", e);
        }

        if (DivergenceGuard.NonFiniteWeights(_network) is (> 0 and var nonFinite, var total))
        {
            _network.Dispose();
            throw new ModelArtifactException($"{source}: {nonFinite} of {total} weights are NaN or infinite; a diverged detector is not loaded.");
        }

        _network.eval();
    }

    /// <inheritdoc/>
    public override string ModelType => ArtifactModelType;

    /// <summary>The network.</summary>
    public AutoencoderArchitecture Architecture => _shape.Architecture;

    /// <summary>Rows per window.</summary>
    public int WindowLength => _shape.WindowLength;

    /// <summary>The seed the detector was trained with.</summary>
    public int Seed { get; }

    /// <summary>Reads a detector from an artifact.</summary>
    /// <param name="artifact">The artifact.</param>
    /// <exception cref="ModelArtifactException">It holds another model, a newer layout, an invalid shape, or weights that do not fit it or are not finite.</exception>
    public static AutoencoderDetector Load(ModelArtifact artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        artifact.EnsureModel(ArtifactModelType, LayoutVersion);
        return new AutoencoderDetector(artifact);
    }

    /// <summary>Reads a detector from an artifact file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ModelArtifactException">It is not a valid artifact of this model.</exception>
    public static async Task<AutoencoderDetector> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        Load(await ModelArtifact.LoadAsync(path, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc/>
    protected override void ScoreCore(FeatureMatrix rows, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int p = FeatureNames.Count;
        int window = _shape.WindowLength;
        float[] standardized = Standardize(rows, _mean, _scale);
        int[] starts = SlidingWindows.AssetStarts(rows.SegmentOffsets);
        int[] ends = ScorableRows(rows, window);
        destination.Fill(double.NaN);
        float[] buffer = new float[Math.Min(ScoringBatch, ends.Length) * window * p];
        lock (_gate)
        {
            using var noGrad = no_grad();
            for (int first = 0; first < ends.Length; first += ScoringBatch)
            {
                using var scope = NewDisposeScope();
                int count = Math.Min(ScoringBatch, ends.Length - first);
                SlidingWindows.Copy(standardized, p, starts, ends.AsSpan(first, count), window, buffer);
                Tensor x = tensor(buffer.AsSpan(0, count * window * p).ToArray(), [count, window, p]);
                float[] errors = (TorchCpuKernels.Forward(_network, x, ModelName(_shape.Architecture)) - x).square().mean([1, 2]).data<float>().ToArray();
                for (int i = 0; i < count; i++)
                {
                    destination[ends[first + i]] = errors[i];
                }
            }
        }
    }

    /// <inheritdoc/>
    protected override ModelArtifact WriteArtifact(JsonObject parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters["architecture"] = _shape.Architecture.ToString();
        parameters["windowLength"] = _shape.WindowLength;
        parameters["hiddenSize"] = _shape.HiddenSize;
        parameters["latentSize"] = _shape.LatentSize;
        parameters["kernelSize"] = _shape.KernelSize;
        parameters["seed"] = Seed;
        using var weights = new MemoryStream();
        lock (_gate)
        {
            _network.save(weights);
        }

        return new ModelArtifact(ArtifactModelType, LayoutVersion, parameters)
            .WithPayload("mean", (ReadOnlySpan<double>)_mean)
            .WithPayload("scale", (ReadOnlySpan<double>)_scale)
            .WithPayload(WeightsPayload, weights.ToArray());
    }

    /// <summary>The detector's name in messages.</summary>
    internal static string ModelName(AutoencoderArchitecture architecture) => $"{architecture} autoencoder";

    /// <summary>The rows standardized, row-major; missing values stay NaN.</summary>
    internal static float[] Standardize(FeatureMatrix rows, double[] mean, double[] scale)
    {
        int p = rows.ColumnCount;
        ReadOnlySpan<double> values = rows.Values;
        float[] result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            int j = i % p;
            result[i] = (float)((values[i] - mean[j]) / scale[j]);
        }

        return result;
    }

    /// <summary>The rows that end a full window of their segment holding no missing value.</summary>
    internal static int[] ScorableRows(FeatureMatrix rows, int window)
    {
        var result = new List<int>(rows.RowCount);
        ReadOnlySpan<int> offsets = rows.SegmentOffsets;
        for (int s = 0; s < rows.SegmentCount; s++)
        {
            int lastMissing = int.MinValue;
            for (int r = offsets[s]; r < offsets[s + 1]; r++)
            {
                if (rows.HasMissing(r))
                {
                    lastMissing = r;
                }

                if (r - offsets[s] >= window - 1 && lastMissing < r - window + 1)
                {
                    result.Add(r);
                }
            }
        }

        return [.. result];
    }
}
