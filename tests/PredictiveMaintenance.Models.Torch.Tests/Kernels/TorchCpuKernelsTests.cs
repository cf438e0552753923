using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace PredictiveMaintenance.Models.Torch.Tests.Kernels;

public class TorchCpuKernelsTests
{
    [Fact]
    public void WithoutOneDnn_TurnsLibtorchsSwitchOffAndBack()
    {
        bool before = TorchCpuKernels.OneDnnEnabled;

        bool during = TorchCpuKernels.WithoutOneDnn(() => TorchCpuKernels.OneDnnEnabled);

        Assert.False(during);
        Assert.Equal(before, TorchCpuKernels.OneDnnEnabled);
    }

    [Fact]
    public void Setting_Off_RunsAtensKernelsFromTheStart()
    {
        using var setting = new KernelSetting("off");

        Assert.False(TorchCpuKernels.OneDnnEnabled);
        Assert.Equal("ATen's kernels: PDM_TORCH_ONEDNN=off", TorchCpuKernels.Status);
    }

    [Fact]
    public void Setting_Auto_RunsOneDnnsKernelsChecked()
    {
        using var setting = new KernelSetting("auto");

        Assert.True(TorchCpuKernels.OneDnnEnabled);
        Assert.Equal("oneDNN's kernels, checked against ATen's per network and shape", TorchCpuKernels.Status);
    }

    [Fact]
    public void Setting_UnknownValue_FailsNamingTheVariable()
    {
        using var setting = new KernelSetting("fast");

        var e = Assert.Throws<PredictiveMaintenanceException>(() => TorchCpuKernels.OneDnnEnabled);

        Assert.Equal("PDM_TORCH_ONEDNN='fast' is not a kernel setting; use auto (check oneDNN's kernels, the default) or off (ATen's kernels only).", e.Message);
    }

    [Fact]
    public void Forward_OutputNonFiniteOnlyWithOneDnn_ReturnsAtensAndTurnsOneDnnOff()
    {
        using var setting = new KernelSetting(null);
        using var network = new KernelDependent(oneDnnFactor: float.NaN);
        using Tensor x = torch.ones(2, 3);

        using Tensor y = TorchCpuKernels.Forward(network, x, "test network");

        Assert.Equal([2f, 2f, 2f, 2f, 2f, 2f], y.data<float>().ToArray());
        Assert.False(TorchCpuKernels.OneDnnEnabled);
        Assert.Equal("ATen's kernels: 6 of 6 values of the output are non-finite with oneDNN's kernels and finite with ATen's in the test network's inference", TorchCpuKernels.Status);
    }

    [Fact]
    public void Forward_KernelsAgree_ChecksEachShapeOnceAndKeepsOneDnn()
    {
        using var setting = new KernelSetting(null);
        using var network = new KernelDependent(oneDnnFactor: 2);

        for (int i = 0; i < 3; i++)
        {
            using Tensor x = torch.ones(2, 3);
            using Tensor y = TorchCpuKernels.Forward(network, x, "test network");
        }

        using Tensor other = torch.ones(4, 3);
        using Tensor z = TorchCpuKernels.Forward(network, other, "test network");

        // Per shape: the first call runs both kernels, later calls one.
        Assert.Equal(2 + 1 + 1 + 2, network.Calls);
        Assert.True(TorchCpuKernels.OneDnnEnabled);
        Assert.Equal("oneDNN's kernels, checked against ATen's per network and shape (2 checks, largest difference 0 of the scale, tolerance 0.001)", TorchCpuKernels.Status);
    }

    [Fact]
    public void CheckTrainingStep_LossDiffersWithOneDnn_TurnsOneDnnOffAndLeavesTrainingAsItWas()
    {
        using var setting = new KernelSetting(null);
        using var network = new KernelDependent(oneDnnFactor: 2.02f);
        using Tensor x = torch.ones(2, 3);
        byte[] state = torch.random.get_rng_state().data<byte>().ToArray();

        TorchCpuKernels.CheckTrainingStep(network, x, output => output.sum() + (0 * torch.rand(1).sum()), "test network");

        Assert.False(TorchCpuKernels.OneDnnEnabled);
        Assert.Equal("ATen's kernels: the loss differs by 0.12 between oneDNN's and ATen's kernels, more than 0.001 of 12 in the test network's training step", TorchCpuKernels.Status);
        Assert.Equal(state, torch.random.get_rng_state().data<byte>().ToArray());
        Assert.All(network.parameters(), p => Assert.True(p.grad is null || p.grad.count_nonzero().item<long>() == 0, "the check left a gradient"));
    }

    [Fact]
    public void RetryIfDiverged_DivergesOnlyWithOneDnn_TrainsWithoutIt()
    {
        using var setting = new KernelSetting(null);
        int runs = 0;

        int result = TorchCpuKernels.RetryIfDiverged(CPU, () => ++runs == 1 && TorchCpuKernels.OneDnnEnabled ? throw new TrainingDivergedException("Cnn sequence regressor", 2, 7, "diverged") : 42);

        Assert.Equal(42, result);
        Assert.Equal(2, runs);
        Assert.False(TorchCpuKernels.OneDnnEnabled);
        Assert.Equal("ATen's kernels: the Cnn sequence regressor diverged with oneDNN's kernels (epoch 2, step 7) and trained without them", TorchCpuKernels.Status);
    }

    [Fact]
    public void RetryIfDiverged_DivergesEitherWay_ThrowsTheSecondErrorAndKeepsOneDnn()
    {
        using var setting = new KernelSetting(null);
        int runs = 0;

        var e = Assert.Throws<TrainingDivergedException>(() => TorchCpuKernels.RetryIfDiverged<int>(CPU, () => throw new TrainingDivergedException($"run {++runs}")));

        Assert.Equal("run 2", e.Message);
        Assert.True(TorchCpuKernels.OneDnnEnabled);
    }

    [Fact]
    public void Compare_RoundingWithinTolerance_Agrees()
    {
        var reference = new KernelResult("loss", [0.5f], [("gradient of a", [1e-4f, -2e-4f]), ("gradient of b", [1e-9f])]);
        var fast = new KernelResult("loss", [0.5000001f], [("gradient of a", [1.000001e-4f, -2e-4f]), ("gradient of b", [1.1e-9f])]);

        KernelComparison comparison = TorchCpuKernels.Compare(fast, reference);

        Assert.Null(comparison.Fault);

        // The largest relative difference is gradient b's: 1e-10 against the floor of a tenth of the largest gradient, 2e-5.
        Assert.Equal(5e-6, comparison.Difference, 1e-7);
    }

    [Fact]
    public void Compare_GradientWrong_NamesIt()
    {
        var reference = new KernelResult("loss", [0.5f], [("gradient of a", [1e-4f, -2e-4f]), ("gradient of b", [1e-5f])]);
        var fast = new KernelResult("loss", [0.5f], [("gradient of a", [1e-4f, -2e-4f]), ("gradient of b", [3e-5f])]);

        Assert.Equal("the gradient of b differs by 2E-05 between oneDNN's and ATen's kernels, more than 0.001 of 2E-05", TorchCpuKernels.Compare(fast, reference).Fault);
    }

    [Fact]
    public void Compare_NonFiniteOnlyWithOneDnn_CountsThem()
    {
        var reference = new KernelResult("output", [1f, 2f, 3f], []);
        var fast = new KernelResult("output", [1f, float.NaN, float.PositiveInfinity], []);

        Assert.Equal("2 of 3 values of the output are non-finite with oneDNN's kernels and finite with ATen's", TorchCpuKernels.Compare(fast, reference).Fault);
    }

    [Fact]
    public void Compare_NonFiniteWithAtenToo_IsNotTheKernelsFault()
    {
        var reference = new KernelResult("loss", [float.NaN], []);
        var fast = new KernelResult("loss", [float.NaN], []);

        Assert.Null(TorchCpuKernels.Compare(fast, reference).Fault);
    }

    /// <summary>Sets <see cref="TorchCpuKernels.EnvironmentVariable"/> and starts the kernel choice afresh; restores both when disposed.</summary>
    private sealed class KernelSetting : IDisposable
    {
        private readonly string? _previous = Environment.GetEnvironmentVariable(TorchCpuKernels.EnvironmentVariable);

        public KernelSetting(string? value)
        {
            Environment.SetEnvironmentVariable(TorchCpuKernels.EnvironmentVariable, value);
            TorchCpuKernels.Reset();
        }

        public void Dispose()
        {
            Environment.SetEnvironmentVariable(TorchCpuKernels.EnvironmentVariable, _previous);
            TorchCpuKernels.Reset();
        }
    }

    /// <summary>y = w·x with w = 2, times <c>oneDnnFactor / 2</c> while oneDNN is on: a kernel that is wrong only with oneDNN.</summary>
    private sealed class KernelDependent : Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.Parameter _weight = nn.Parameter(torch.full(1, 2f));
        private readonly float _oneDnnFactor;

        public KernelDependent(float oneDnnFactor)
            : base(nameof(KernelDependent))
        {
            _oneDnnFactor = oneDnnFactor;
            RegisterComponents();
        }

        public int Calls { get; private set; }

        public override Tensor forward(Tensor input)
        {
            Calls++;
            return TorchCpuKernels.OneDnnEnabled ? input * _weight * (_oneDnnFactor / 2) : input * _weight;
        }
    }
}
