using System.Text.Json.Nodes;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PredictiveMaintenance.Models.Torch;

/// <summary>
/// A trained sequence regressor: the network, the normalization fitted on its training data, and the window it reads.
/// Predicts the time until service (cycles, or hours for timestamped data) at the end of each asset or row.
/// </summary>
/// <remarks>Prediction runs on the CPU. Not thread-safe: TorchSharp modules are not; use one model per thread.</remarks>
public sealed class SequenceRegressionModel : IDisposable
{
    /// <summary>The <see cref="ModelArtifact.ModelType"/> of saved models.</summary>
    public const string ModelType = "torch-sequence-regressor";

    private const int LayoutVersion = 1;
    private const string WeightsPayload = "weights.bin";
    private readonly Module<Tensor, Tensor> _network;
    private readonly SequenceModelSettings _settings;

    internal SequenceRegressionModel(Module<Tensor, Tensor> network, ChannelNormalizer normalizer, SequenceModelSettings settings, SequenceTrainingSummary summary)
    {
        _network = network;
        _settings = settings;
        Normalizer = normalizer;
        Summary = summary;
    }

    /// <summary>The network.</summary>
    public SequenceArchitecture Architecture => _settings.Shape.Architecture;

    /// <summary>Rows per window.</summary>
    public int WindowLength => _settings.Shape.WindowLength;

    /// <summary>The target's cap, in cycles or hours.</summary>
    public double RemainingLifeCap => _settings.Cap;

    /// <summary>The normalization fitted on the training data; its <see cref="ChannelNormalizer.Channels"/> are the model's inputs.</summary>
    public ChannelNormalizer Normalizer { get; }

    /// <summary>How training went (for a loaded model, as saved).</summary>
    public SequenceTrainingSummary Summary { get; }

    /// <summary>Predicts the time until service after each asset's last row.</summary>
    /// <param name="table">Telemetry with the model's channels and settings.</param>
    /// <returns>One prediction per asset, in the order of <see cref="TelemetryTable.AssetIds"/>.</returns>
    /// <exception cref="SchemaException">A channel the model reads is missing.</exception>
    public double[] PredictLast(TelemetryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        int[] ends = new int[table.AssetCount];
        for (int asset = 0; asset < ends.Length; asset++)
        {
            ends[asset] = table.AssetOffsets[asset + 1] - 1;
        }

        return Predict(table, ends);
    }

    /// <summary>Predicts the time until service at every row, from the window ending there.</summary>
    /// <param name="table">Telemetry with the model's channels and settings.</param>
    /// <returns>One prediction per row, in table order.</returns>
    /// <exception cref="SchemaException">A channel the model reads is missing.</exception>
    public double[] PredictRows(TelemetryTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Predict(table, [.. Enumerable.Range(0, table.RowCount)]);
    }

    /// <summary>The model as an artifact: weights, window, network shape, normalization and target cap.</summary>
    public ModelArtifact ToArtifact()
    {
        SequenceNetworkShape shape = _settings.Shape;
        var parameters = new JsonObject
        {
            ["architecture"] = shape.Architecture.ToString(),
            ["channels"] = shape.Channels,
            ["windowLength"] = shape.WindowLength,
            ["layers"] = shape.Layers,
            ["hiddenSize"] = shape.HiddenSize,
            ["kernelSize"] = shape.KernelSize,
            ["denseSize"] = shape.DenseSize,
            ["dropout"] = shape.Dropout,
            ["remainingLifeCap"] = double.IsPositiveInfinity(_settings.Cap) ? null : _settings.Cap,
            ["targetScale"] = _settings.TargetScale,
            ["labelChannel"] = _settings.LabelChannel,
            ["timeKind"] = _settings.TimeKind.ToString(),
            ["seed"] = _settings.Seed,
            ["normalization"] = Normalizer.ToJson(),
            ["training"] = new JsonObject
            {
                ["epochsRun"] = Summary.EpochsRun,
                ["bestEpoch"] = Summary.BestEpoch,
                ["bestValidationRmse"] = double.IsNaN(Summary.BestValidationRmse) ? null : Summary.BestValidationRmse,
                ["trainingWindows"] = Summary.TrainingWindows,
                ["validationWindows"] = Summary.ValidationWindows,
                ["elapsedSeconds"] = Summary.Elapsed.TotalSeconds,
            },
        };
        using var weights = new MemoryStream();
        _network.save(weights);
        return new ModelArtifact(ModelType, LayoutVersion, parameters).WithPayload(WeightsPayload, weights.ToArray());
    }

    /// <summary>Rebuilds a model from an artifact.</summary>
    /// <param name="artifact">An artifact written by <see cref="ToArtifact"/>.</param>
    /// <param name="source">Its name, for messages.</param>
    /// <exception cref="ModelArtifactException">It holds another model, a newer layout, parameters and weights that do not fit together, or non-finite weights.</exception>
    public static SequenceRegressionModel FromArtifact(ModelArtifact artifact, string source)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentException.ThrowIfNullOrEmpty(source);
        artifact.EnsureModel(ModelType, LayoutVersion);
        JsonObject p = artifact.Parameters;
        if (!Enum.TryParse(ArtifactParameters.GetString(p, "architecture", source), out SequenceArchitecture architecture) || !Enum.IsDefined(architecture))
        {
            throw new ModelArtifactException($"{source}: unknown architecture '{p["architecture"]}'; this package knows {string.Join(", ", Enum.GetNames<SequenceArchitecture>())}.");
        }

        if (!Enum.TryParse(ArtifactParameters.GetString(p, "timeKind", source), out TimeKind timeKind))
        {
            throw new ModelArtifactException($"{source}: unknown time kind '{p["timeKind"]}'.");
        }

        ChannelNormalizer normalizer = ChannelNormalizer.FromJson(p["normalization"] as JsonObject ?? throw new ModelArtifactException($"{source}: the parameters have no 'normalization' object."), source);
        var shape = new SequenceNetworkShape(
            architecture,
            ArtifactParameters.GetInt32(p, "channels", source),
            ArtifactParameters.GetInt32(p, "windowLength", source),
            ArtifactParameters.GetInt32(p, "layers", source),
            ArtifactParameters.GetInt32(p, "hiddenSize", source),
            ArtifactParameters.GetInt32(p, "kernelSize", source),
            ArtifactParameters.GetInt32(p, "denseSize", source),
            ArtifactParameters.GetDouble(p, "dropout", source));
        if (shape.Channels != normalizer.Channels.Count)
        {
            throw new ModelArtifactException($"{source}: the network reads {shape.Channels} channels but the normalization gives {normalizer.Channels.Count}.");
        }

        if (shape.WindowLength < 1 || shape.Layers < 1 || shape.HiddenSize < 1 || shape.KernelSize < 1 || shape.DenseSize < 1 || shape.Dropout is < 0 or >= 1)
        {
            throw new ModelArtifactException($"{source}: invalid network shape {shape}.");
        }

        double cap = p["remainingLifeCap"] is null ? double.PositiveInfinity : ArtifactParameters.GetDouble(p, "remainingLifeCap", source);
        string? label = p["labelChannel"] is null ? null : ArtifactParameters.GetString(p, "labelChannel", source);
        var settings = new SequenceModelSettings(shape, cap, ArtifactParameters.GetDouble(p, "targetScale", source), label, timeKind, ArtifactParameters.GetInt32(p, "seed", source));
        JsonObject training = p["training"] as JsonObject ?? throw new ModelArtifactException($"{source}: the parameters have no 'training' object.");
        var summary = new SequenceTrainingSummary(
            ArtifactParameters.GetInt32(training, "epochsRun", source),
            ArtifactParameters.GetInt32(training, "bestEpoch", source),
            training["bestValidationRmse"] is null ? double.NaN : ArtifactParameters.GetDouble(training, "bestValidationRmse", source),
            ArtifactParameters.GetInt32(training, "trainingWindows", source),
            ArtifactParameters.GetInt32(training, "validationWindows", source),
            TimeSpan.FromSeconds(ArtifactParameters.GetDouble(training, "elapsedSeconds", source)));

        Module<Tensor, Tensor> network = SequenceNetworks.Create(shape);
        try
        {
            using var weights = new MemoryStream(artifact.GetPayload(WeightsPayload).ToArray());
            network.load(weights, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or EndOfStreamException or FormatException)
        {
            network.Dispose();
            throw new ModelArtifactException($"{source}: the weights do not fit a {architecture} network of {shape.Layers} layer(s), {shape.HiddenSize} hidden units, window {shape.WindowLength} and {shape.Channels} channels: {e.Message}", e);
        }

        if (DivergenceGuard.NonFiniteWeights(network) is (> 0 and var nonFinite, var total))
        {
            network.Dispose();
            throw new ModelArtifactException($"{source}: {nonFinite} of {total} weights are NaN or infinite; a diverged model is not loaded.");
        }

        network.eval();
        return new SequenceRegressionModel(network, normalizer, settings, summary);
    }

    /// <summary>Saves the model to an artifact file.</summary>
    /// <param name="path">The file, replaced if present.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default) => ToArtifact().SaveAsync(path, cancellationToken);

    /// <summary>Loads a model from an artifact file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ModelArtifactException">The file is not a valid artifact of this model.</exception>
    public static async Task<SequenceRegressionModel> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ModelArtifact artifact = await ModelArtifact.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        return FromArtifact(artifact, path);
    }

    /// <summary>Releases the network's native memory.</summary>
    public void Dispose() => _network.Dispose();

    private double[] Predict(TelemetryTable table, int[] ends)
    {
        if (_settings.TimeKind != table.Schema.TimeKind)
        {
            throw new SchemaException($"The model was trained on {_settings.TimeKind} time but the table has {table.Schema.TimeKind} time.");
        }

        float[] rows = Normalizer.Transform(table);
        int[] starts = SlidingWindows.AssetStarts(table.AssetOffsets);
        using Tensor windows = SequenceRegressor.WindowTensor(rows, Normalizer.Channels.Count, starts, ends, WindowLength, CPU);
        double[] predicted = SequenceRegressor.Predict(_network, windows, _settings.TargetScale, 1024, SequenceRegressor.ModelName(Architecture));
        for (int i = 0; i < predicted.Length; i++)
        {
            // The target is never negative nor above the cap; clipping is part of the model, not of the evaluation.
            predicted[i] = Math.Clamp(predicted[i], 0, _settings.Cap);
        }

        return predicted;
    }
}

/// <summary>What a model needs besides its weights and normalization.</summary>
internal readonly record struct SequenceModelSettings(SequenceNetworkShape Shape, double Cap, double TargetScale, string? LabelChannel, TimeKind TimeKind, int Seed);
