using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PredictiveMaintenance.Models.Torch;

/// <summary>Builds the autoencoder an architecture names; the artifact stores these hyper-parameters, not code.</summary>
internal static class AutoencoderNetworks
{
    public static Module<Tensor, Tensor> Create(AutoencoderShape shape) => shape.Architecture switch
    {
        AutoencoderArchitecture.Convolutional => new ConvolutionalAutoencoder(shape),
        AutoencoderArchitecture.Lstm => new LstmAutoencoder(shape),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape.Architecture, "Unknown architecture."),
    };
}

/// <summary>The hyper-parameters that fix an autoencoder's layout and weight shapes.</summary>
internal readonly record struct AutoencoderShape(AutoencoderArchitecture Architecture, int Features, int WindowLength, int HiddenSize, int LatentSize, int KernelSize);

/// <summary>[batch, time, feature] → convolution → dense bottleneck over the window → dense → convolution → [batch, time, feature].</summary>
internal sealed class ConvolutionalAutoencoder : Module<Tensor, Tensor>
{
    private readonly Conv1d _encode;
    private readonly Linear _squeeze;
    private readonly Linear _expand;
    private readonly Conv1d _decode;
    private readonly long _hidden;
    private readonly long _window;

    public ConvolutionalAutoencoder(AutoencoderShape shape)
        : base(nameof(ConvolutionalAutoencoder))
    {
        _hidden = shape.HiddenSize;
        _window = shape.WindowLength;
        _encode = nn.Conv1d(shape.Features, shape.HiddenSize, shape.KernelSize, padding: Padding.Same);

        // The bottleneck is dense over the whole window rather than a narrower convolution: a convolution with at least
        // as many channels as features could learn the identity and reconstruct anomalies as well as normal rows.
        _squeeze = nn.Linear(shape.HiddenSize * shape.WindowLength, shape.LatentSize);
        _expand = nn.Linear(shape.LatentSize, shape.HiddenSize * shape.WindowLength);
        _decode = nn.Conv1d(shape.HiddenSize, shape.Features, shape.KernelSize, padding: Padding.Same);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        Tensor x = nn.functional.relu(_encode.call(input.permute(0, 2, 1)));
        Tensor latent = nn.functional.relu(_squeeze.call(x.flatten(1)));
        x = nn.functional.relu(_expand.call(latent)).view(-1, _hidden, _window);
        return _decode.call(x).permute(0, 2, 1).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _encode.Dispose();
            _squeeze.Dispose();
            _expand.Dispose();
            _decode.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>[batch, time, feature] → LSTM → last state → bottleneck, repeated along time → LSTM → dense → [batch, time, feature].</summary>
internal sealed class LstmAutoencoder : Module<Tensor, Tensor>
{
    private readonly LSTM _encoder;
    private readonly Linear _squeeze;
    private readonly LSTM _decoder;
    private readonly Linear _output;
    private readonly long _window;

    public LstmAutoencoder(AutoencoderShape shape)
        : base(nameof(LstmAutoencoder))
    {
        _window = shape.WindowLength;
        _encoder = nn.LSTM(shape.Features, shape.HiddenSize, batchFirst: true);
        _squeeze = nn.Linear(shape.HiddenSize, shape.LatentSize);
        _decoder = nn.LSTM(shape.LatentSize, shape.HiddenSize, batchFirst: true);
        _output = nn.Linear(shape.HiddenSize, shape.Features);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        (Tensor encoded, _, _) = _encoder.call(input);
        Tensor latent = nn.functional.tanh(_squeeze.call(encoded.select(1, -1)));
        (Tensor decoded, _, _) = _decoder.call(latent.unsqueeze(1).expand(-1, _window, -1));
        return _output.call(decoded).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _encoder.Dispose();
            _squeeze.Dispose();
            _decoder.Dispose();
            _output.Dispose();
        }

        base.Dispose(disposing);
    }
}
