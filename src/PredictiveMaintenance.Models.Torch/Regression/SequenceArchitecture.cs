namespace PredictiveMaintenance.Models.Torch;

/// <summary>The network a <see cref="SequenceRegressor"/> trains on sliding windows.</summary>
public enum SequenceArchitecture
{
    /// <summary>
    /// A 1D convolutional network: <see cref="SequenceRegressorOptions.Layers"/> convolutions along time of
    /// <see cref="SequenceRegressorOptions.HiddenSize"/> filters and width <see cref="SequenceRegressorOptions.KernelSize"/>
    /// ('same' padding, ReLU), then a dense layer over the flattened window. Fast on CPU.
    /// </summary>
    Cnn,

    /// <summary>
    /// An LSTM of <see cref="SequenceRegressorOptions.Layers"/> layers and <see cref="SequenceRegressorOptions.HiddenSize"/>
    /// units whose last output feeds a dense layer.
    /// </summary>
    Lstm,
}
