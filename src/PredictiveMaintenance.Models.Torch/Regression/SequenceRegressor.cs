using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PredictiveMaintenance.Models.Torch;

/// <summary>
/// Trains a TorchSharp sequence network (<see cref="SequenceArchitecture"/>) to estimate the time until service from
/// sliding windows of normalized telemetry.
/// </summary>
/// <remarks>
/// <para>
/// Training fits a <see cref="ChannelNormalizer"/> on the training table, holds out
/// <see cref="SequenceRegressorOptions.ValidationFraction"/> of the assets, and trains with Adam on the mean squared error
/// of the capped target divided by the cap, the learning rate following a cosine from
/// <see cref="SequenceRegressorOptions.LearningRate"/> to <see cref="SequenceRegressorOptions.MinLearningRate"/>. The
/// weights of the epoch with the lowest validation RMSE are kept; training stops after
/// <see cref="SequenceRegressorOptions.Patience"/> epochs without improvement.
/// </para>
/// <para>
/// Determinism: the seed sets TorchSharp's global generator (weights, dropout) and a <see cref="Random"/> for the split
/// and the shuffling, so on the CPU the same data, options, thread count and kernels (<see cref="TorchCpuKernels.Status"/>)
/// give bit-for-bit the same model. Because the generator is process-wide, do not train two models at once in one process
/// when repeatability matters.
/// </para>
/// <para>
/// A non-finite training loss, weight or validation prediction stops training with a <see cref="TrainingDivergedException"/>;
/// no model is returned.
/// </para>
/// </remarks>
public static class SequenceRegressor
{
    /// <summary>Trains a model.</summary>
    /// <param name="train">Training telemetry: run-to-failure assets, or rows with a <see cref="SequenceRegressorOptions.LabelChannel"/>.</param>
    /// <param name="options">The options; defaults when null.</param>
    /// <param name="cancellationToken">Stops training between batches.</param>
    /// <exception cref="SchemaException">A named channel is missing.</exception>
    /// <exception cref="ArgumentException">The table is empty or has too few assets for the validation split.</exception>
    /// <exception cref="TrainingDivergedException">The loss, a weight or a validation prediction became non-finite.</exception>
    public static SequenceRegressionModel Fit(TelemetryTable train, SequenceRegressorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new SequenceRegressorOptions();
        options.Validate();
        Device device = TorchSetup.ResolveDevice(options.Device);
        return TorchCpuKernels.RetryIfDiverged(device, () => FitFromSeed(train, options, device, cancellationToken));
    }

    /// <summary>The model's name in messages.</summary>
    internal static string ModelName(SequenceArchitecture architecture) => $"{architecture} sequence regressor";

    private static SequenceRegressionModel FitFromSeed(TelemetryTable train, SequenceRegressorOptions options, Device device, CancellationToken cancellationToken)
    {
        long started = options.TimeProvider.GetTimestamp();
        torch.random.manual_seed(options.Seed);
        var random = new Random(options.Seed);

        ChannelNormalizer normalizer = ChannelNormalizer.Fit(train, options.Normalization);
        float[] rows = normalizer.Transform(train);
        double[] target = RemainingLife.Targets(train, options.LabelChannel, options.RemainingLifeCap);
        double scale = double.IsPositiveInfinity(options.RemainingLifeCap) ? Math.Max(1, target.Where(double.IsFinite).DefaultIfEmpty(1).Max()) : options.RemainingLifeCap;

        (int[] trainAssets, int[] validationAssets) = Split(train.AssetCount, options.ValidationFraction, random);
        int window = options.WindowLength;
        int channels = normalizer.Channels.Count;
        int[] starts = SlidingWindows.AssetStarts(train.AssetOffsets);
        int[] trainEnds = [.. SlidingWindows.TrainingEnds(train.AssetOffsets, trainAssets, window).Where(r => !double.IsNaN(target[r]))];
        int[] validationEnds = [.. SlidingWindows.TrainingEnds(train.AssetOffsets, validationAssets, window).Where(r => !double.IsNaN(target[r]))];
        if (trainEnds.Length == 0)
        {
            throw new ArgumentException("The training assets have no rows with a target.", nameof(train));
        }

        var shape = new SequenceNetworkShape(options.Architecture, channels, window, options.Layers, options.HiddenSize, options.KernelSize, options.DenseSize, options.Dropout);
        Module<Tensor, Tensor> network = SequenceNetworks.Create(shape);
        string model = ModelName(options.Architecture);
        var guard = new DivergenceGuard(model, options.LearningRate, options.BatchSize, "model");
        try
        {
            network.to(device);
            using Tensor trainX = WindowTensor(rows, channels, starts, trainEnds, window, device);
            using Tensor trainY = torch.tensor(trainEnds.Select(r => (float)(target[r] / scale)).ToArray(), device: device);
            using Tensor validationX = WindowTensor(rows, channels, starts, validationEnds, window, device);
            double[] validationY = [.. validationEnds.Select(r => target[r])];

            using var optimizer = optim.Adam(network.parameters(), options.LearningRate, weight_decay: options.WeightDecay);
            var scheduler = optim.lr_scheduler.CosineAnnealingLR(optimizer, options.Epochs, options.MinLearningRate);
            Dictionary<string, Tensor>? best = null;
            double bestRmse = double.PositiveInfinity;
            int bestEpoch = 0;
            int epoch = 0;
            int[] order = [.. Enumerable.Range(0, trainEnds.Length)];
            int steps = (order.Length + options.BatchSize - 1) / options.BatchSize;
            while (epoch < options.Epochs)
            {
                epoch++;
                double learningRate = optimizer.ParamGroups.First().LearningRate;
                network.train();
                random.Shuffle(order);
                double squares = 0;
                for (int first = 0; first < order.Length; first += options.BatchSize)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    using var scope = NewDisposeScope();
                    int count = Math.Min(options.BatchSize, order.Length - first);
                    Tensor index = torch.tensor(order.AsSpan(first, count).ToArray().Select(i => (long)i).ToArray(), device: device);
                    Tensor x = trainX.index_select(0, index);
                    Tensor y = trainY.index_select(0, index);
                    TorchCpuKernels.CheckTrainingStep(network, x, predicted => nn.functional.mse_loss(predicted, y), model);
                    Tensor loss = nn.functional.mse_loss(network.call(x), y);
                    float value = loss.item<float>();
                    guard.Loss(value, epoch, (first / options.BatchSize) + 1, steps);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    squares += value * count;
                }

                scheduler.step();
                guard.Weights(network, epoch);
                double trainingRmse = Math.Sqrt(squares / order.Length) * scale;
                double validationRmse = double.NaN;
                if (validationEnds.Length > 0)
                {
                    double[] predicted = Predict(network, validationX, scale, options.BatchSize, model);
                    guard.Predictions(predicted, epoch);
                    validationRmse = RegressionMetrics.RootMeanSquaredError(predicted, validationY);
                    if (validationRmse < bestRmse)
                    {
                        bestRmse = validationRmse;
                        bestEpoch = epoch;
                        DisposeAll(best);
                        best = network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());
                    }
                }

                options.Progress?.Report(new SequenceTrainingEpoch(epoch, trainingRmse, validationRmse, learningRate));
                if (validationEnds.Length > 0 && epoch - bestEpoch >= options.Patience)
                {
                    break;
                }
            }

            if (best is not null)
            {
                network.load_state_dict(best);
                DisposeAll(best);
            }
            else
            {
                bestEpoch = epoch;
            }

            network.to(CPU);
            network.eval();
            var summary = new SequenceTrainingSummary(epoch, bestEpoch, validationEnds.Length > 0 ? bestRmse : double.NaN, trainEnds.Length, validationEnds.Length, options.TimeProvider.GetElapsedTime(started));
            var settings = new SequenceModelSettings(shape, options.RemainingLifeCap, scale, options.LabelChannel, train.Schema.TimeKind, options.Seed);
            return new SequenceRegressionModel(network, normalizer, settings, summary);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    internal static Tensor WindowTensor(float[] rows, int channels, int[] starts, int[] ends, int window, Device device)
    {
        float[] values = new float[ends.Length * window * channels];
        SlidingWindows.Copy(rows, channels, starts, ends, window, values);
        return torch.tensor(values, [ends.Length, window, channels], device: device);
    }

    internal static double[] Predict(Module<Tensor, Tensor> network, Tensor windows, double scale, int batchSize, string model)
    {
        network.eval();
        using var noGrad = torch.no_grad();
        long n = windows.shape[0];
        double[] result = new double[n];
        for (long first = 0; first < n; first += batchSize)
        {
            using var scope = NewDisposeScope();
            long count = Math.Min(batchSize, n - first);
            float[] values = TorchCpuKernels.Forward(network, windows.narrow(0, first, count), model).cpu().data<float>().ToArray();
            for (int i = 0; i < values.Length; i++)
            {
                result[first + i] = values[i] * scale;
            }
        }

        return result;
    }

    private static (int[] Train, int[] Validation) Split(int assets, double fraction, Random random)
    {
        int held = fraction == 0 ? 0 : Math.Max(1, (int)Math.Round(assets * fraction));
        if (held >= assets)
        {
            throw new ArgumentException($"The table has {assets} asset(s); holding out {fraction:P0} for validation leaves none to train on. Lower ValidationFraction or set it to 0.", nameof(fraction));
        }

        int[] shuffled = [.. Enumerable.Range(0, assets)];
        random.Shuffle(shuffled);
        return ([.. shuffled[held..].Order()], [.. shuffled[..held].Order()]);
    }

    private static void DisposeAll(Dictionary<string, Tensor>? tensors)
    {
        foreach (Tensor tensor in tensors?.Values ?? Enumerable.Empty<Tensor>())
        {
            tensor.Dispose();
        }
    }
}
