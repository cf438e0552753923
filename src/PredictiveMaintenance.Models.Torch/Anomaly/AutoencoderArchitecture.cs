namespace PredictiveMaintenance.Models.Torch;

/// <summary>The network of an <see cref="AutoencoderDetector"/>.</summary>
public enum AutoencoderArchitecture
{
    /// <summary>
    /// A 1D convolution along time, a dense bottleneck of <see cref="AutoencoderOptions.LatentSize"/> units over the
    /// whole window, and a convolution back to the features.
    /// </summary>
    Convolutional,

    /// <summary>
    /// An LSTM encoder whose last state is squeezed to <see cref="AutoencoderOptions.LatentSize"/> units, repeated along
    /// the window and decoded by a second LSTM.
    /// </summary>
    Lstm,
}
