using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PredictiveMaintenance.Models.Torch;

/// <summary>
/// Stops a training whose loss, weights or validation predictions turn non-finite, with a
/// <see cref="TrainingDivergedException"/> that names the model, the epoch, the step and what to change.
/// </summary>
/// <param name="model">The model, as users name it ("Cnn sequence regressor").</param>
/// <param name="learningRate">The learning rate the options set, quoted in the remedy.</param>
/// <param name="batchSize">The batch size the options set, quoted in the remedy.</param>
/// <param name="product">What the training would have returned ("model", "detector").</param>
internal sealed class DivergenceGuard(string model, double learningRate, int batchSize, string product)
{
    /// <summary>The model, as users name it.</summary>
    public string Model => model;

    private string Remedy => string.Create(CultureInfo.InvariantCulture, $"Lower LearningRate (now {learningRate:G}) or raise BatchSize (now {batchSize}), and check the training data for extreme values; no {product} was returned.");

    /// <summary>Throws where a step's loss is non-finite.</summary>
    /// <param name="loss">The step's loss, before its backward pass.</param>
    /// <param name="epoch">The epoch, from 1.</param>
    /// <param name="step">The step within the epoch, from 1.</param>
    /// <param name="steps">The steps per epoch.</param>
    public void Loss(float loss, int epoch, int step, int steps)
    {
        if (!float.IsFinite(loss))
        {
            throw new TrainingDivergedException(model, epoch, step, string.Create(CultureInfo.InvariantCulture, $"The {model} diverged at epoch {epoch}, step {step} of {steps}: the training loss is {loss}. {Remedy}"));
        }
    }

    /// <summary>Throws where a weight is non-finite at the end of an epoch.</summary>
    /// <param name="network">The network.</param>
    /// <param name="epoch">The epoch that ended, from 1.</param>
    public void Weights(Module network, int epoch)
    {
        (long nonFinite, long total) = NonFiniteWeights(network);
        if (nonFinite > 0)
        {
            throw new TrainingDivergedException(model, epoch, 0, $"The {model} diverged at the end of epoch {epoch}: {nonFinite} of {total} weights are non-finite. {Remedy}");
        }
    }

    /// <summary>How many of the network's weights are NaN or infinite, of how many.</summary>
    /// <param name="network">The network.</param>
    public static (long NonFinite, long Total) NonFiniteWeights(Module network)
    {
        using var scope = NewDisposeScope();
        long total = 0, nonFinite = 0;
        foreach (Tensor parameter in network.parameters())
        {
            total += parameter.numel();
            nonFinite += torch.isfinite(parameter).logical_not().sum().item<long>();
        }

        return (nonFinite, total);
    }

    /// <summary>Throws where a validation prediction is non-finite.</summary>
    /// <param name="predicted">The epoch's validation predictions.</param>
    /// <param name="epoch">The epoch, from 1.</param>
    public void Predictions(ReadOnlySpan<double> predicted, int epoch)
    {
        int nonFinite = 0;
        foreach (double value in predicted)
        {
            nonFinite += double.IsFinite(value) ? 0 : 1;
        }

        if (nonFinite > 0)
        {
            throw new TrainingDivergedException(model, epoch, 0, $"The {model} diverged at epoch {epoch}: {nonFinite} of {predicted.Length} validation predictions are non-finite. {Remedy}");
        }
    }
}
