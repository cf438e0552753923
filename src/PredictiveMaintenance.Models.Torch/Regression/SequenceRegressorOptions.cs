namespace PredictiveMaintenance.Models.Torch;

/// <summary>What a <see cref="SequenceRegressor"/> trains and how. Defaults are the FD001 recipe of docs/models.md.</summary>
public sealed class SequenceRegressorOptions
{
    /// <summary>The network. Default <see cref="SequenceArchitecture.Cnn"/>.</summary>
    public SequenceArchitecture Architecture { get; init; } = SequenceArchitecture.Cnn;

    /// <summary>
    /// Rows per window. Default 30. A window that would start before an asset's first row repeats that row (edge padding),
    /// so assets with fewer rows, such as early-cut C-MAPSS test units, still get a prediction.
    /// </summary>
    public int WindowLength { get; init; } = 30;

    /// <summary>Convolution or LSTM layers. Default 3.</summary>
    public int Layers { get; init; } = 3;

    /// <summary>Filters per convolution, or LSTM units. Default 32.</summary>
    public int HiddenSize { get; init; } = 32;

    /// <summary>Convolution width in rows (CNN only). Default 5.</summary>
    public int KernelSize { get; init; } = 5;

    /// <summary>Units of the dense layer before the output. Default 64.</summary>
    public int DenseSize { get; init; } = 64;

    /// <summary>Dropout probability before the dense layers (and between LSTM layers). Default 0.2.</summary>
    public double Dropout { get; init; } = 0.2;

    /// <summary>The most training epochs. Default 60.</summary>
    public int Epochs { get; init; } = 60;

    /// <summary>Windows per gradient step. Default 256.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Adam's initial learning rate. Default 0.002.</summary>
    public double LearningRate { get; init; } = 0.002;

    /// <summary>The learning rate the cosine schedule ends at after <see cref="Epochs"/> epochs. Default 0.00005.</summary>
    public double MinLearningRate { get; init; } = 0.00005;

    /// <summary>Adam's weight decay (L2). Default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>
    /// The share of assets held out to choose the epoch (early stopping); their windows never train the network.
    /// Default 0.15; 0 trains on every asset for <see cref="Epochs"/> epochs.
    /// </summary>
    public double ValidationFraction { get; init; } = 0.15;

    /// <summary>Epochs without a better validation RMSE before training stops. Default 15.</summary>
    public int Patience { get; init; } = 15;

    /// <summary>The cap of the remaining-life target (piecewise linear), in cycles or hours. Default 125, the C-MAPSS protocol.</summary>
    public double RemainingLifeCap { get; init; } = 125;

    /// <summary>
    /// A <see cref="ChannelRole.Label"/> channel holding the time until service of each row (from the joins layer);
    /// null (the default) treats every asset as run to failure, its last row being the failure.
    /// </summary>
    public string? LabelChannel { get; init; }

    /// <summary>Channel selection, operating conditions and scaling. Default: every sensor, conditions detected, z-score.</summary>
    public NormalizationOptions Normalization { get; init; } = new();

    /// <summary>Seeds weights, dropout, the validation split and shuffling. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>The TorchSharp device, such as <c>cpu</c> or <c>cuda:0</c>; null (the default) uses CUDA when the application references a CUDA backend and a device is present, else the CPU.</summary>
    public string? Device { get; init; }

    /// <summary>Receives each epoch's losses; null for none.</summary>
    public IProgress<SequenceTrainingEpoch>? Progress { get; init; }

    /// <summary>Measures training time. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(WindowLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Layers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(HiddenSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(KernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(DenseSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Patience, 1);
        ArgumentNullException.ThrowIfNull(Normalization);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (!Enum.IsDefined(Architecture))
        {
            throw new ArgumentOutOfRangeException(nameof(Architecture), Architecture, "Unknown architecture.");
        }

        if (!(Dropout is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Dropout must be in [0, 1).");
        }

        if (!(LearningRate > 0) || !(MinLearningRate >= 0) || MinLearningRate > LearningRate)
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"The learning rate must be positive and at least the minimum ({MinLearningRate}).");
        }

        if (!(WeightDecay >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "Weight decay must not be negative.");
        }

        if (!(ValidationFraction is >= 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "The validation fraction must be in [0, 1).");
        }

        if (!(RemainingLifeCap > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(RemainingLifeCap), RemainingLifeCap, "The cap must be positive (PositiveInfinity for none).");
        }
    }
}

/// <summary>One epoch of training.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="TrainingRmse">The RMSE over the epoch's training batches, in target units, dropout active.</param>
/// <param name="ValidationRmse">The RMSE over every window of the validation assets, in target units; NaN without validation.</param>
/// <param name="LearningRate">The learning rate used in the epoch.</param>
public readonly record struct SequenceTrainingEpoch(int Epoch, double TrainingRmse, double ValidationRmse, double LearningRate);

/// <summary>How training went.</summary>
/// <param name="EpochsRun">The epochs run before stopping.</param>
/// <param name="BestEpoch">The epoch whose weights the model keeps.</param>
/// <param name="BestValidationRmse">Its validation RMSE (NaN without validation).</param>
/// <param name="TrainingWindows">The windows trained on.</param>
/// <param name="ValidationWindows">The windows validated on.</param>
/// <param name="Elapsed">The wall-clock training time.</param>
public readonly record struct SequenceTrainingSummary(int EpochsRun, int BestEpoch, double BestValidationRmse, int TrainingWindows, int ValidationWindows, TimeSpan Elapsed);
