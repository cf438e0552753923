using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PredictiveMaintenance.Models.Torch;

/// <summary>Builds the network an architecture names; the artifact stores these hyper-parameters, not code.</summary>
internal static class SequenceNetworks
{
    public static Module<Tensor, Tensor> Create(SequenceNetworkShape shape) => shape.Architecture switch
    {
        SequenceArchitecture.Cnn => new CnnRegressor(shape),
        SequenceArchitecture.Lstm => new LstmRegressor(shape),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape.Architecture, "Unknown architecture."),
    };
}

/// <summary>The hyper-parameters that fix a network's layout and weight shapes.</summary>
internal readonly record struct SequenceNetworkShape(SequenceArchitecture Architecture, int Channels, int WindowLength, int Layers, int HiddenSize, int KernelSize, int DenseSize, double Dropout);

/// <summary>Input [batch, time, channel] → convolutions along time → dense → one value per window.</summary>
internal sealed class CnnRegressor : Module<Tensor, Tensor>
{
    private readonly ModuleList<Module<Tensor, Tensor>> _convolutions = new();
    private readonly Conv1d _bottleneck;
    private readonly Dropout _dropout;
    private readonly Linear _dense;
    private readonly Linear _output;

    public CnnRegressor(SequenceNetworkShape shape)
        : base(nameof(CnnRegressor))
    {
        long input = shape.Channels;
        for (int layer = 0; layer < shape.Layers; layer++)
        {
            _convolutions.Add(nn.Conv1d(input, shape.HiddenSize, shape.KernelSize, padding: Padding.Same));
            input = shape.HiddenSize;
        }

        // One filter over the last feature maps leaves one value per time step, so the dense layer sees the window's
        // length in inputs rather than length × filters: far fewer weights, which is what keeps ~100 training
        // engines from being memorized (Li, Ding and Sun 2018, "deep CNN" for C-MAPSS).
        _bottleneck = nn.Conv1d(input, 1, 3, padding: Padding.Same);
        _dropout = nn.Dropout(shape.Dropout);
        _dense = nn.Linear(shape.WindowLength, shape.DenseSize);
        _output = nn.Linear(shape.DenseSize, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = input.permute(0, 2, 1);
        foreach (Module<Tensor, Tensor> convolution in _convolutions)
        {
            x = nn.functional.tanh(convolution.call(x));
        }

        x = _dropout.call(nn.functional.tanh(_bottleneck.call(x)).flatten(1));
        x = nn.functional.tanh(_dense.call(x));
        return _output.call(x).squeeze(-1).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _convolutions.Dispose();
            _bottleneck.Dispose();
            _dropout.Dispose();
            _dense.Dispose();
            _output.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>Input [batch, time, channel] → LSTM → last step → dense → one value per window.</summary>
internal sealed class LstmRegressor : Module<Tensor, Tensor>
{
    private readonly LSTM _lstm;
    private readonly Dropout _dropout;
    private readonly Linear _dense;
    private readonly Linear _output;

    public LstmRegressor(SequenceNetworkShape shape)
        : base(nameof(LstmRegressor))
    {
        _lstm = nn.LSTM(shape.Channels, shape.HiddenSize, shape.Layers, batchFirst: true, dropout: shape.Layers > 1 ? shape.Dropout : 0);
        _dropout = nn.Dropout(shape.Dropout);
        _dense = nn.Linear(shape.HiddenSize, shape.DenseSize);
        _output = nn.Linear(shape.DenseSize, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        (Tensor output, _, _) = _lstm.call(input);
        Tensor last = _dropout.call(output.select(1, -1));
        Tensor x = nn.functional.relu(_dense.call(last));
        return _output.call(x).squeeze(-1).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _lstm.Dispose();
            _dropout.Dispose();
            _dense.Dispose();
            _output.Dispose();
        }

        base.Dispose(disposing);
    }
}
