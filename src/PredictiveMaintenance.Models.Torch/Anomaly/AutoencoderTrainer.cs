using PredictiveMaintenance.Models.Anomaly;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PredictiveMaintenance.Models.Torch;

/// <summary>
/// Fits a TorchSharp autoencoder (<see cref="AutoencoderArchitecture"/>) on sliding windows of normal operation; the
/// detector's score of a row is the mean squared reconstruction error of the standardized window ending at it.
/// </summary>
/// <remarks>
/// <para>
/// The features are standardized with the mean and standard deviation of the complete training rows. Training windows
/// are the windows the detector scores: every window of <see cref="AutoencoderOptions.WindowLength"/> rows within a
/// segment that holds no missing value; Adam minimizes their reconstruction error for <see cref="AutoencoderOptions.Epochs"/> epochs.
/// Windows are cut batch by batch, so memory grows with the rows, not with rows × window.
/// </para>
/// <para>
/// Determinism: the seed sets TorchSharp's process-wide generator (weights) and a <see cref="Random"/> (shuffling), so on
/// the CPU the same rows, options, thread count and kernels (<see cref="TorchCpuKernels.Status"/>) give bit-for-bit the
/// same detector; do not fit two at once in one process when that matters.
/// </para>
/// <para>
/// A non-finite training loss or weight stops training with a <see cref="TrainingDivergedException"/>; no detector is returned.
/// </para>
/// </remarks>
public sealed class AutoencoderTrainer : AnomalyDetectorTrainer<AutoencoderDetector>
{
    private readonly AutoencoderOptions _options;

    /// <summary>Creates a trainer.</summary>
    /// <param name="options">The options; validated here.</param>
    public AutoencoderTrainer(AutoencoderOptions options)
        : base(options) => _options = options;

    /// <inheritdoc/>
    protected override ThresholdRule DefaultThreshold => ThresholdRule.Quantile(0.99);

    /// <inheritdoc/>
    protected override AutoencoderDetector FitCore(FeatureMatrix normal)
    {
        ArgumentNullException.ThrowIfNull(normal);
        (double[] mean, double[] scale) = Standardization(normal);
        float[] rows = AutoencoderDetector.Standardize(normal, mean, scale);
        int window = _options.WindowLength;
        int[] starts = SlidingWindows.AssetStarts(normal.SegmentOffsets);
        int[] ends = AutoencoderDetector.ScorableRows(normal, window);
        if (ends.Length == 0)
        {
            throw new ArgumentException($"The {normal.RowCount} training rows hold no window of {window} rows without a missing value.", nameof(normal));
        }

        Device device = TorchSetup.ResolveDevice(_options.Device);
        return TorchCpuKernels.RetryIfDiverged(device, () => FitFromSeed(normal, mean, scale, rows, starts, ends, device));
    }

    private AutoencoderDetector FitFromSeed(FeatureMatrix normal, double[] mean, double[] scale, float[] rows, int[] starts, int[] ends, Device device)
    {
        int p = normal.ColumnCount;
        int window = _options.WindowLength;
        torch.random.manual_seed(_options.Seed);
        var random = new Random(_options.Seed);
        ends = [.. ends];
        var shape = new AutoencoderShape(_options.Architecture, p, window, _options.HiddenSize, _options.LatentSize, _options.KernelSize);
        Module<Tensor, Tensor> network = AutoencoderNetworks.Create(shape);
        string model = AutoencoderDetector.ModelName(_options.Architecture);
        var guard = new DivergenceGuard(model, _options.LearningRate, _options.BatchSize, "detector");
        try
        {
            network.to(device);
            using var optimizer = optim.Adam(network.parameters(), _options.LearningRate);
            float[] buffer = new float[Math.Min(_options.BatchSize, ends.Length) * window * p];
            int[] batch = new int[Math.Min(_options.BatchSize, ends.Length)];
            int steps = (ends.Length + batch.Length - 1) / batch.Length;
            for (int epoch = 1; epoch <= _options.Epochs; epoch++)
            {
                network.train();
                random.Shuffle(ends);
                for (int first = 0; first < ends.Length; first += batch.Length)
                {
                    using var scope = NewDisposeScope();
                    int count = Math.Min(batch.Length, ends.Length - first);
                    SlidingWindows.Copy(rows, p, starts, ends.AsSpan(first, count), window, buffer);
                    Tensor x = torch.tensor(buffer.AsSpan(0, count * window * p).ToArray(), [count, window, p], device: device);
                    TorchCpuKernels.CheckTrainingStep(network, x, reconstructed => nn.functional.mse_loss(reconstructed, x), model);
                    Tensor loss = nn.functional.mse_loss(network.call(x), x);
                    guard.Loss(loss.item<float>(), epoch, (first / batch.Length) + 1, steps);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                }

                guard.Weights(network, epoch);
            }

            network.to(CPU);
            network.eval();
            return new AutoencoderDetector(normal.ColumnNames, network, shape, mean, scale, _options.Seed);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    private static (double[] Mean, double[] Scale) Standardization(FeatureMatrix normal)
    {
        int p = normal.ColumnCount;
        double[] sum = new double[p], squares = new double[p];
        int n = 0;
        for (int r = 0; r < normal.RowCount; r++)
        {
            if (normal.HasMissing(r))
            {
                continue;
            }

            ReadOnlySpan<double> row = normal.GetRow(r);
            for (int j = 0; j < p; j++)
            {
                sum[j] += row[j];
            }

            n++;
        }

        if (n < 2)
        {
            throw new ArgumentException($"An autoencoder needs at least 2 training rows without missing values; there are {n} of {normal.RowCount}.", nameof(normal));
        }

        double[] mean = [.. sum.Select(s => s / n)];
        for (int r = 0; r < normal.RowCount; r++)
        {
            if (!normal.HasMissing(r))
            {
                ReadOnlySpan<double> row = normal.GetRow(r);
                for (int j = 0; j < p; j++)
                {
                    squares[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
                }
            }
        }

        // A constant feature keeps a scale of 1: any change of it is then measured in its own units.
        double[] scale = [.. squares.Select(s => Math.Sqrt(s / (n - 1)) is var sd && sd > 0 ? sd : 1)];
        return (mean, scale);
    }
}
