using PredictiveMaintenance.Models.Anomaly;

namespace PredictiveMaintenance.Models.Torch;

/// <summary>Options of <see cref="AutoencoderTrainer"/>.</summary>
/// <remarks>The default threshold is <c>ThresholdRule.Quantile(0.99)</c> of the training rows' reconstruction errors.</remarks>
public sealed class AutoencoderOptions : AnomalyDetectorOptions
{
    /// <summary>The network; default <see cref="AutoencoderArchitecture.Convolutional"/>.</summary>
    public AutoencoderArchitecture Architecture { get; init; } = AutoencoderArchitecture.Convolutional;

    /// <summary>
    /// Rows per window; default 30. A row's score is the reconstruction error of the window ending at it, so the first
    /// <c>WindowLength - 1</c> rows of each segment score NaN (windows never cross segments).
    /// </summary>
    public int WindowLength { get; init; } = 30;

    /// <summary>Convolution filters or LSTM units; default 32.</summary>
    public int HiddenSize { get; init; } = 32;

    /// <summary>Units of the bottleneck; default 8.</summary>
    public int LatentSize { get; init; } = 8;

    /// <summary>Convolution width in rows (convolutional network only); default 5.</summary>
    public int KernelSize { get; init; } = 5;

    /// <summary>Training epochs; default 40.</summary>
    public int Epochs { get; init; } = 40;

    /// <summary>Windows per gradient step; default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Adam's learning rate; default 0.002.</summary>
    public double LearningRate { get; init; } = 0.002;

    /// <summary>Seeds the weights and the shuffling; default 0.</summary>
    public int Seed { get; init; }

    /// <summary>The TorchSharp device for training, such as <c>cpu</c> or <c>cuda:0</c>; null uses CUDA when a CUDA backend and device are present, else the CPU. Scoring runs on the CPU.</summary>
    public string? Device { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        base.Validate();
        if (!Enum.IsDefined(Architecture))
        {
            throw new ArgumentOutOfRangeException(nameof(Architecture), Architecture, "Unknown architecture.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(WindowLength, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(HiddenSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(LatentSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(KernelSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1);
        if (!(LearningRate > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be positive.");
        }
    }
}
