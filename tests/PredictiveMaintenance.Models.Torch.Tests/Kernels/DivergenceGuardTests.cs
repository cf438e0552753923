using TorchSharp;
using static TorchSharp.torch;

namespace PredictiveMaintenance.Models.Torch.Tests.Kernels;

public class DivergenceGuardTests
{
    private static readonly DivergenceGuard Guard = new("Cnn sequence regressor", 0.5, 64, "model");

    [Fact]
    public void Loss_Finite_Passes() => Guard.Loss(3.5f, 1, 1, 10);

    [Fact]
    public void Weights_NonFinite_StopsAtTheEndOfTheEpoch()
    {
        using var network = nn.Linear(3, 2);
        using (torch.no_grad())
        {
            network.weight![0, 1] = float.NaN;
            network.bias![1] = float.PositiveInfinity;
        }

        var e = Assert.Throws<TrainingDivergedException>(() => Guard.Weights(network, 4));

        Assert.Equal("The Cnn sequence regressor diverged at the end of epoch 4: 2 of 8 weights are non-finite. Lower LearningRate (now 0.5) or raise BatchSize (now 64), and check the training data for extreme values; no model was returned.", e.Message);
        Assert.Equal((4, 0), (e.Epoch, e.Step));
    }

    [Fact]
    public void Weights_Finite_Pass()
    {
        using var network = nn.Linear(3, 2);

        Guard.Weights(network, 1);
    }

    [Fact]
    public void Predictions_NonFinite_StopsNamingTheCount()
    {
        var e = Assert.Throws<TrainingDivergedException>(() => Guard.Predictions([1, double.NaN, 3, double.NegativeInfinity], 2));

        Assert.Equal("The Cnn sequence regressor diverged at epoch 2: 2 of 4 validation predictions are non-finite. Lower LearningRate (now 0.5) or raise BatchSize (now 64), and check the training data for extreme values; no model was returned.", e.Message);
        Assert.Equal("Cnn sequence regressor", e.Model);
    }
}
